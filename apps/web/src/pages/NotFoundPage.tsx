import { Link } from 'react-router';
import { useTitle } from '../use-title.js';

export function NotFoundPage({ what = 'page' }: { what?: 'page' | 'product' }) {
  useTitle(what === 'product' ? 'Product not found' : 'Page not found');
  return (
    <div className="container page">
      <div className="empty">
        <p className="big-code" aria-hidden="true">
          404
        </p>
        <h1>{what === 'product' ? 'We could not find this product' : 'Page not found'}</h1>
        <p>
          {what === 'product'
            ? 'It may have been removed from the shop, or the link is mistyped.'
            : 'The address may be mistyped, or the page has moved.'}
        </p>
        <Link to="/" className="button button-primary">
          Continue shopping
        </Link>
      </div>
    </div>
  );
}
