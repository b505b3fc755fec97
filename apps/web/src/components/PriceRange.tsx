import type { ProductSummary } from '@ironcart/server/api';
import { formatMoney } from '../format.js';
import './variants.css';

/**
 * A product's price before a variant is chosen: "from $84.99" when its variants cost different
 * amounts (maxPrice is then higher), else just "$84.99".
 */
export function PriceRange({ product }: { product: Pick<ProductSummary, 'price' | 'maxPrice'> }) {
  return (
    <>
      {product.price.amount !== product.maxPrice.amount && (
        <span className="price-from">from </span>
      )}
      {formatMoney(product.price)}
    </>
  );
}
