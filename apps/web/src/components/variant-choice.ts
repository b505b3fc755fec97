import type { ProductDetail, ProductImage, ProductVariant } from '@ironcart/server/api';

/**
 * What the shopper picked so far: one value (or null) per option, in the options' order. The
 * rules of the option picker live here, apart from React, so the page and the picker agree on
 * them: a value can be picked only when some variant with it, and with the other options' picks,
 * is in stock.
 */
export type Choice = (string | null)[];

type Product = Pick<ProductDetail, 'options' | 'variants'>;

/** Every option unpicked, but options with one value only: there is nothing to choose. */
export function emptyChoice(product: Product): Choice {
  return product.options.map((option) =>
    option.values.length === 1 ? (option.values[0] ?? null) : null,
  );
}

/** The choice a variant makes (its values). */
export function choiceOf(variant: ProductVariant): Choice {
  return [...variant.values];
}

/** The variants that agree with every picked value (all of them when nothing is picked). */
function matching(product: Product, choice: Choice): ProductVariant[] {
  return product.variants.filter((variant) =>
    choice.every((value, i) => value === null || variant.values[i] === value),
  );
}

/** The one variant the choice names, once every option is picked; null before. */
export function chosenVariant(product: Product, choice: Choice): ProductVariant | null {
  if (product.options.length === 0) return product.variants[0] ?? null;
  if (choice.some((value) => value === null)) return null;
  return matching(product, choice)[0] ?? null;
}

/** How one value of one option stands, given what is picked for the other options. */
export interface ValueState {
  /** Some variant with this value (and the other picks) is in stock. */
  selectable: boolean;
  /** None of them is sold (not offered in this combination at all). */
  offered: boolean;
  /** The variant it would complete, when the other options are all picked. */
  variant: ProductVariant | null;
}

export function valueState(
  product: Product,
  choice: Choice,
  option: number,
  value: string,
): ValueState {
  const withValue = choice.map((picked, i) => (i === option ? value : picked));
  const candidates = matching(product, withValue);
  return {
    selectable: candidates.some((variant) => variant.stock.state !== 'out'),
    offered: candidates.length > 0,
    variant: withValue.every((picked) => picked !== null) ? (candidates[0] ?? null) : null,
  };
}

/** The index of the first option not picked yet, or -1. */
export function firstUnpicked(choice: Choice): number {
  return choice.indexOf(null);
}

/**
 * The image to show: the chosen variant's own; before the choice is complete, the first
 * matching variant's when every matching one has its own (Navy picked, no size yet: a navy
 * one); else the product's.
 */
export function imageFor(
  product: Product & { image: ProductImage | null },
  choice: Choice,
): ProductImage | null {
  const candidates = matching(product, choice);
  const [first] = candidates;
  if (first?.image && candidates.every((variant) => variant.image !== null)) return first.image;
  return product.image;
}

/** The address parameter that keeps the chosen variant, so a product page can be shared. */
export const VARIANT_PARAM = 'variant';

/** The product page with this variant chosen (a default variant needs no parameter). */
export function variantPath(productId: string, variantId: string): string {
  const path = `/product/${encodeURIComponent(productId)}`;
  return variantId === productId
    ? path
    : `${path}?${new URLSearchParams({ [VARIANT_PARAM]: variantId })}`;
}

/**
 * The variant a shared `?variant=` address names, when it can be bought: unknown and sold-out
 * ones are ignored (the page then opens with nothing picked).
 */
export function variantFromAddress(product: Product, id: string | null): ProductVariant | null {
  if (!id) return null;
  const variant = product.variants.find((v) => v.id === id);
  return variant && variant.stock.state !== 'out' ? variant : null;
}
