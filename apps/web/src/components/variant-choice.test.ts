import type { ProductDetail, ProductVariant } from '@ironcart/server/api';
import { describe, expect, test } from 'vitest';
import { sizeGuideKind } from './SizeGuide.js';
import {
  chosenVariant,
  emptyChoice,
  firstUnpicked,
  imageFor,
  valueState,
  variantFromAddress,
  variantPath,
} from './variant-choice.js';

const money = (amount: string) => ({ amount, currency: 'USD' });
const navyImage = (size: string) => ({ url: `/images/kit-${size}-navy.svg`, width: 8, height: 8 });

/** A keeper's jersey in S, M, L × Green, Navy; L Green sold out, M Navy low, no L Navy at all. */
function variant(size: string, colour: string, available: number): ProductVariant {
  return {
    id: `kit-${size}-${colour}`.toLowerCase(),
    sku: `KIT-${size}-${colour}`.toUpperCase(),
    values: [size, colour],
    label: `Size ${size} · Colour ${colour}`,
    price: money(size === 'L' ? '23.00' : '20.00'),
    stock: { state: available === 0 ? 'out' : available <= 5 ? 'low' : 'in_stock', available },
    image: colour === 'Navy' ? navyImage(size) : null,
  };
}

const product: Pick<ProductDetail, 'options' | 'variants' | 'image'> = {
  options: [
    { name: 'Size', values: ['S', 'M', 'L'] },
    { name: 'Colour', values: ['Green', 'Navy'] },
  ],
  variants: [
    variant('S', 'Green', 9),
    variant('S', 'Navy', 8),
    variant('M', 'Green', 7),
    variant('M', 'Navy', 2),
    variant('L', 'Green', 0),
  ],
  image: { url: '/images/kit.svg', width: 8, height: 8 },
};

describe('the option picker rules', () => {
  test('a value can be picked when a variant with it and the other picks is in stock', () => {
    const none = emptyChoice(product);
    expect(none).toEqual([null, null]);
    // Nothing picked: L is sold out in Green and not sold in Navy.
    expect(valueState(product, none, 0, 'L')).toEqual({
      selectable: false,
      offered: true,
      variant: null,
    });
    expect(valueState(product, none, 0, 'M').selectable).toBe(true);
    // Navy picked: L Navy is not sold at all; M Navy is, and it is the variant the value makes.
    const navy = [null, 'Navy'];
    expect(valueState(product, navy, 0, 'L')).toEqual({
      selectable: false,
      offered: false,
      variant: null,
    });
    expect(valueState(product, navy, 0, 'M')).toMatchObject({
      selectable: true,
      variant: { id: 'kit-m-navy', stock: { state: 'low', available: 2 } },
    });
    // L picked: Green is sold out with it, Navy not offered.
    expect(valueState(product, ['L', null], 1, 'Green').selectable).toBe(false);
  });

  test('a variant is chosen once every option is picked', () => {
    expect(chosenVariant(product, ['M', null])).toBeNull();
    expect(firstUnpicked(['M', null])).toBe(1);
    expect(firstUnpicked(['M', 'Navy'])).toBe(-1);
    expect(chosenVariant(product, ['M', 'Navy'])?.sku).toBe('KIT-M-NAVY');
    // Without options, the product's one default variant is the choice.
    const ball = {
      options: [],
      variants: [{ ...variant('S', 'Green', 3), id: 'ball', values: [] }],
    };
    expect(emptyChoice(ball)).toEqual([]);
    expect(chosenVariant(ball, [])?.id).toBe('ball');
    // An option with one value only is picked from the start.
    expect(emptyChoice({ ...product, options: [{ name: 'Size', values: ['M'] }] })).toEqual(['M']);
  });

  test("the image: the variant's own, a colour's before the size, else the product's", () => {
    expect(imageFor(product, [null, null])).toBe(product.image);
    expect(imageFor(product, [null, 'Navy'])?.url).toBe('/images/kit-S-navy.svg');
    expect(imageFor(product, ['M', 'Navy'])?.url).toBe('/images/kit-M-navy.svg');
    expect(imageFor(product, ['M', 'Green'])).toBe(product.image);
  });

  test('a shared address preselects a variant for sale; unknown and sold-out ones are ignored', () => {
    expect(variantFromAddress(product, 'kit-m-navy')?.values).toEqual(['M', 'Navy']);
    expect(variantFromAddress(product, 'kit-l-green')).toBeNull();
    expect(variantFromAddress(product, 'kit-xl-navy')).toBeNull();
    expect(variantFromAddress(product, null)).toBeNull();
    expect(variantPath('kit', 'kit-m-navy')).toBe('/product/kit?variant=kit-m-navy');
    expect(variantPath('ball', 'ball')).toBe('/product/ball');
  });

  test('the size guide follows the values: shoe sizes, XS–3XL, or none', () => {
    expect(sizeGuideKind(['UK 6', 'UK 6.5'])).toBe('footwear');
    expect(sizeGuideKind(['US M7', 'US M7.5'])).toBe('footwear');
    expect(sizeGuideKind(['Kids UK 10', 'UK 1'])).toBe('footwear');
    expect(sizeGuideKind(['XS', 'M', '3XL'])).toBe('apparel');
    expect(sizeGuideKind(['28 in', '30 in'])).toBeNull();
    expect(sizeGuideKind([])).toBeNull();
  });
});
