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
          'as a prefix ("argent" finds Argentina), with English stemming.',
      }),
    ),
    category: Type.Optional(
      Type.String({ pattern: SLUG, maxLength: 100, description: 'A category id' }),
    ),
    inStock: Type.Optional(
      Type.Boolean({ description: 'true: only products with at least one unit in stock' }),
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

export const ProductSummary = Type.Object({
  id: Type.String({ description: 'Stable, human-readable id' }),
  title: Type.String(),
  category: CategoryRef,
  price: Money,
  stock: StockInfo,
  image: Type.Union([ProductImage, Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type ProductSummary = Static<typeof ProductSummary>;

export const ProductSpec = Type.Object({ name: Type.String(), value: Type.String() });

export const ProductDetail = Type.Object({
  ...ProductSummary.properties,
  description: Type.String(),
  specs: Type.Array(ProductSpec),
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
