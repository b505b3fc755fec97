import type { ProductSummary } from '@ironcart/server/api';
import { Link } from 'react-router';
import { PriceRange } from './PriceRange.js';
import { StockBadge } from './Stock.js';

export function ProductCard({ product }: { product: ProductSummary }) {
  return (
    <li className="card">
      <Link to={`/product/${product.id}`} className="card-link">
        <div className="card-media">
          {product.image ? (
            <img
              src={product.image.url}
              width={product.image.width}
              height={product.image.height}
              alt={product.title}
              loading="lazy"
              decoding="async"
            />
          ) : (
            <div className="no-image" aria-hidden="true" />
          )}
        </div>
        <div className="card-body">
          <p className="card-category">{product.category.name}</p>
          <h3 className="card-title">{product.title}</h3>
          <p className="card-foot">
            <span className="price">
              <PriceRange product={product} />
            </span>
            <StockBadge stock={product.stock} />
          </p>
        </div>
      </Link>
    </li>
  );
}

export function ProductCardSkeleton() {
  return (
    <li className="card card-skeleton" aria-hidden="true">
      <div className="card-media skeleton" />
      <div className="card-body">
        <div className="skeleton skeleton-line short" />
        <div className="skeleton skeleton-line" />
        <div className="skeleton skeleton-line half" />
      </div>
    </li>
  );
}
