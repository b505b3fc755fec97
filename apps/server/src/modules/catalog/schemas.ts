import { type Static, Type } from 'typebox';
import { Money } from '../../lib/money.js';

/** Largest page; the default is {@link DEFAULT_PAGE_SIZE}. */
export const MAX_PAGE_SIZE = 60;
export const DEFAULT_PAGE_SIZE = 24;
export const MAX_QUERY_LENGTH = 200;

const SLUG = '^[a-z0-9]+(-[a-z0-9]+)*$';
/** What minPrice and maxPrice accept: what parseDecimal reads ("10", "10.5", "10.50"). */
const DECIMAL = '^\\d{1,9}(\\.\\d{1,2})?$';

export const ProductSortSchema = Type.Union(
  [
    Type.Literal('relevance'),
    Type.Literal('price_asc'),
    Type.Literal('price_desc'),
    Type.Literal('name'),
    Type.Literal('newest'),
  ],
  {
    description:
      'relevance (the default when q has words; without words it orders as newest), ' +
      'price_asc, price_desc, name (A to Z, case-insensitive), newest (the default without q)',
  },
);
export type ProductSort = Static<typeof ProductSortSchema>;
export const productSorts: readonly ProductSort[] = [
  'relevance',
  'price_asc',
  'price_desc',
  'name',
  'newest',
];

export const ProductListQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: MAX_QUERY_LENGTH,
        description:
          'Free text. Every word must match a word of the title, category or description, ' +
          'as a prefix ("argent" finds Argentina), with English stemming; or the whole text ' +
          'is the SKU of one of its variants (case-insensitive).',
      }),
    ),
    category: Type.Optional(
      Type.String({ pattern: SLUG, maxLength: 100, description: 'A category id' }),
    ),
    inStock: Type.Optional(
      Type.Boolean({
        description:
          'true: only products with a variant in stock; with size or colour, a variant of that ' +
          'size or colour (a jersey whose M is sold out is not in stock in M)',
      }),
    ),
    size: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 40,
        description:
          'Only products sold in this value of their Size option (case-insensitive, e.g. M or UK 9)',
      }),
    ),
    colour: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 40,
        description: 'Only products sold in this value of their Colour option (case-insensitive)',
      }),
    ),
    minPrice: Type.Optional(
      Type.String({ pattern: DECIMAL, description: 'Lowest price, inclusive, e.g. "10.00"' }),
    ),
    maxPrice: Type.Optional(
      Type.String({ pattern: DECIMAL, description: 'Highest price, inclusive, e.g. "99.99"' }),
    ),
    sort: Type.Optional(ProductSortSchema),
    limit: Type.Integer({
      minimum: 1,
      maximum: MAX_PAGE_SIZE,
      default: DEFAULT_PAGE_SIZE,
      description: 'Products per page',
    }),
    cursor: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]+$',
        maxLength: 1024,
        description: 'nextCursor of the previous page (opaque)',
      }),
    ),
  },
  { additionalProperties: false },
);
/** The query of GET /api/v1/products as a client sends it (every field optional). */
export type ProductListQuery = Partial<Static<typeof ProductListQuery>>;

export const ProductIdParams = Type.Object({
  id: Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'Product id, e.g. argentina-home-jersey',
  }),
});

export const StockInfo = Type.Object({
  state: Type.Union([Type.Literal('in_stock'), Type.Literal('low'), Type.Literal('out')], {
    description: 'out: none left; low: at most the low-stock threshold; in_stock: more',
  }),
  available: Type.Integer({ minimum: 0, description: 'Units that can be bought now' }),
});
export type StockInfo = Static<typeof StockInfo>;
export type StockState = StockInfo['state'];

export const ProductImage = Type.Object({
  url: Type.String({
    description: 'Path of the image, e.g. /images/argentina-home-jersey-1a2b.svg',
  }),
  width: Type.Integer({ description: 'Intrinsic width in pixels' }),
  height: Type.Integer({ description: 'Intrinsic height in pixels' }),
});
export type ProductImage = Static<typeof ProductImage>;

export const CategoryRef = Type.Object({ id: Type.String(), name: Type.String() });

export const Availability = Type.Object({
  variants: Type.Integer({ minimum: 1, description: 'Variants for sale (1 without options)' }),
  inStock: Type.Integer({ minimum: 0, description: 'Of those, how many have stock' }),
});

export const ProductSummary = Type.Object({
  id: Type.String({ description: 'Stable, human-readable id' }),
  title: Type.String(),
  category: CategoryRef,
  /** The lowest price of its variants for sale ("from $84.99" when maxPrice differs). */
  price: Money,
  /** The highest price of its variants for sale (equal to price when all cost the same). */
  maxPrice: Money,
  /** All its variants for sale together: `available` is their sum. */
  stock: StockInfo,
  availability: Availability,
  image: Type.Union([ProductImage, Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type ProductSummary = Static<typeof ProductSummary>;

export const ProductSpec = Type.Object({ name: Type.String(), value: Type.String() });

export const ProductOption = Type.Object({
  name: Type.String({ description: 'e.g. Size' }),
  values: Type.Array(Type.String(), { description: 'In shop order, e.g. XS, S, M, L, XL, 2XL' }),
});
export type ProductOption = Static<typeof ProductOption>;

export const ProductVariant = Type.Object({
  id: Type.String({ description: 'What a cart line names, e.g. portugal-home-jersey-m-navy' }),
  sku: Type.String(),
  values: Type.Array(Type.String(), {
    description: "Its value of each option, in the options' order ([] without options)",
  }),
  label: Type.String({ description: 'e.g. "Size M · Colour Navy"; "" without options' }),
  price: Money,
  stock: StockInfo,
  image: Type.Union([ProductImage, Type.Null()], {
    description: "Its own image (a colour's), or null for the product's",
  }),
});
export type ProductVariant = Static<typeof ProductVariant>;

export const ProductDetail = Type.Object({
  ...ProductSummary.properties,
  description: Type.String(),
  specs: Type.Array(ProductSpec),
  options: Type.Array(ProductOption, { description: '0 to 3 options, e.g. Size and Colour' }),
  variants: Type.Array(ProductVariant, {
    description: 'Every variant for sale, sold-out ones included, in shop order',
  }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type ProductDetail = Static<typeof ProductDetail>;

export const ProductPage = Type.Object({
  items: Type.Array(ProductSummary),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as cursor for the next page; null on the last page',
  }),
  total: Type.Integer({ minimum: 0, description: 'All products matching the filters' }),
});
export type ProductPage = Static<typeof ProductPage>;

export const CategorySummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  productCount: Type.Integer({ minimum: 0, description: 'Products for sale in the category' }),
});
export type CategorySummary = Static<typeof CategorySummary>;

export const CategoryList = Type.Object({ items: Type.Array(CategorySummary) });
export type CategoryList = Static<typeof CategoryList>;
