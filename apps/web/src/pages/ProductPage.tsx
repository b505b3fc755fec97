import type { ProductDetail } from '@ironcart/server/api';
import { useEffect, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { StockBadge } from '../components/Stock.js';
import { errorMessage, formatMoney, isNotFound } from '../format.js';
import { useShop } from '../shop.js';
import { useTitle } from '../use-title.js';
import { NotFoundPage } from './NotFoundPage.js';

type Loaded =
  | { status: 'loading' }
  | { status: 'found'; product: ProductDetail }
  | { status: 'missing' }
  | { status: 'failed'; message: string };

export function ProductPage() {
  const { id = '' } = useParams();
  const { client } = useShop();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` retries
  useEffect(() => {
    let live = true;
    setLoaded({ status: 'loading' });
    client.product(id).then(
      (product) => live && setLoaded({ status: 'found', product }),
      (error: unknown) =>
        live &&
        setLoaded(
          isNotFound(error)
            ? { status: 'missing' }
            : { status: 'failed', message: errorMessage(error) },
        ),
    );
    return () => {
      live = false;
    };
  }, [client, id, attempt]);

  useTitle(loaded.status === 'found' ? loaded.product.title : 'Product');

  if (loaded.status === 'missing') return <NotFoundPage what="product" />;
  if (loaded.status === 'failed') {
    return (
      <div className="container page">
        <div className="notice notice-error" role="alert">
          <p>{loaded.message}</p>
          <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      </div>
    );
  }
  if (loaded.status === 'loading') {
    return (
      <div className="container page product" aria-busy="true">
        <div className="product-media skeleton" />
        <div className="product-info">
          <div className="skeleton skeleton-line short" />
          <div className="skeleton skeleton-title" />
          <div className="skeleton skeleton-line half" />
        </div>
      </div>
    );
  }
  return <Product product={loaded.product} />;
}

function Product({ product }: { product: ProductDetail }) {
  const { client, cart, setCart } = useShop();
  const ids = useId();
  const [quantity, setQuantity] = useState(1);
  const [adding, setAdding] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const available = product.stock.available;
  const inCart = cart?.lines.find((line) => line.productId === product.id)?.quantity ?? 0;
  const max = Math.max(1, available);

  async function add() {
    setAdding(true);
    setResult(null);
    try {
      setCart(await client.addToCart(product.id, quantity));
      setResult({ ok: true, message: `Added ${quantity} to your cart.` });
    } catch (error) {
      const message = errorMessage(error);
      setResult({
        ok: false,
        message: inCart > 0 ? `${message} You already have ${inCart} in your cart.` : message,
      });
    } finally {
      setAdding(false);
    }
  }

  return (
    <div className="container page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/">Shop</Link>
          </li>
          <li>
            <Link to={`/?${new URLSearchParams({ category: product.category.id })}`}>
              {product.category.name}
            </Link>
          </li>
          <li aria-current="page">{product.title}</li>
        </ol>
      </nav>
      <article className="product">
        <div className="product-media">
          {product.image ? (
            <img
              src={product.image.url}
              width={product.image.width}
              height={product.image.height}
              alt={product.title}
              fetchPriority="high"
            />
          ) : (
            <div className="no-image" aria-hidden="true" />
          )}
        </div>
        <div className="product-info">
          <p className="eyebrow">{product.category.name}</p>
          <h1>{product.title}</h1>
          <p className="product-price">{formatMoney(product.price)}</p>
          <StockBadge stock={product.stock} />
          <p className="product-description">{product.description}</p>

          <div className="buy">
            <fieldset className="stepper">
              <legend className="stepper-label">Quantity</legend>
              <button
                type="button"
                aria-label="One less"
                disabled={quantity <= 1 || adding}
                onClick={() => setQuantity((n) => Math.max(1, n - 1))}
              >
                −
              </button>
              <output aria-live="polite" data-testid="quantity">
                {quantity}
              </output>
              <button
                type="button"
                aria-label="One more"
                disabled={quantity >= max || adding}
                onClick={() => setQuantity((n) => Math.min(max, n + 1))}
              >
                +
              </button>
            </fieldset>
            <button
              type="button"
              className="button button-primary button-large"
              disabled={adding || available === 0}
              aria-busy={adding}
              onClick={add}
            >
              {available === 0 ? 'Sold out' : adding ? 'Adding…' : 'Add to cart'}
            </button>
          </div>
          <div aria-live="polite" className="buy-result">
            {result &&
              (result.ok ? (
                <p className="notice notice-success">
                  {result.message} <Link to="/cart">View cart</Link>
                </p>
              ) : (
                <p className="notice notice-error" role="alert">
                  {result.message}
                </p>
              ))}
          </div>

          {product.specs.length > 0 && (
            <section className="specs" aria-labelledby={`${ids}-specs`}>
              <h2 id={`${ids}-specs`}>Specifications</h2>
              <table>
                <tbody>
                  {product.specs.map((spec) => (
                    <tr key={spec.name}>
                      <th scope="row">{spec.name}</th>
                      <td>{spec.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </div>
      </article>
    </div>
  );
}
