import { ApiError } from '@ironcart/sdk';
import type { ProductDetail } from '@ironcart/server/api';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { OptionPicker } from '../components/OptionPicker.js';
import { PriceRange } from '../components/PriceRange.js';
import { SizeGuide, sizeGuideKind } from '../components/SizeGuide.js';
import { StockBadge } from '../components/Stock.js';
import { variantName } from '../components/VariantDetails.js';
import {
  type Choice,
  choiceOf,
  chosenVariant,
  emptyChoice,
  firstUnpicked,
  imageFor,
  VARIANT_PARAM,
  variantFromAddress,
} from '../components/variant-choice.js';
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

  // A product can change while its page is open (it gets sizes, a size is retired): adding it
  // is then refused, and the page shows the product as it is now, asking for the choice.
  const [askChoice, setAskChoice] = useState(false);
  const outdated = useCallback(() => {
    setAskChoice(true);
    client.product(id).then(
      (product) => setLoaded({ status: 'found', product }),
      () => undefined,
    );
  }, [client, id]);

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
  return (
    <Product
      // Other variants are another picker: start it afresh.
      key={loaded.product.variants.map((variant) => variant.id).join(' ')}
      product={loaded.product}
      askChoice={askChoice}
      onOutdated={outdated}
    />
  );
}

/**
 * What the cart answers when the page's product is not what is sold now: a variant is needed
 * (it got options) or this one is no longer sold (archived since the page loaded).
 */
const OUTDATED = new Set(['variant_required', 'product_unavailable']);

function Product({
  product,
  askChoice,
  onOutdated,
}: {
  product: ProductDetail;
  /** Show "Choose a size" from the start (the server asked for a variant). */
  askChoice: boolean;
  /** The server says the product is not as this page knows it. */
  onOutdated: () => void;
}) {
  const { client, cart, setCart } = useShop();
  const ids = useId();
  const [params, setParams] = useSearchParams();
  const [choice, setChoice] = useState<Choice>(() => {
    const shared = variantFromAddress(product, params.get(VARIANT_PARAM));
    return shared ? choiceOf(shared) : emptyChoice(product);
  });
  const [quantity, setQuantity] = useState(1);
  const [adding, setAdding] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  /** The option the shopper was told to pick first, or -1. */
  const [missing, setMissing] = useState(() => (askChoice ? firstUnpicked(choice) : -1));
  const groups = useRef<(HTMLFieldSetElement | null)[]>([]);

  const variant = chosenVariant(product, choice);
  const hasOptions = product.options.length > 0;
  const stock = variant?.stock ?? product.stock;
  const image = imageFor(product, choice);
  const inCart = variant
    ? (cart?.lines.find((line) => line.variantId === variant.id)?.quantity ?? 0)
    : 0;
  // Before a choice the stepper goes as far as the best-stocked variant allows.
  const max = Math.max(
    1,
    variant?.stock.available ?? Math.max(0, ...product.variants.map((v) => v.stock.available)),
  );
  const sizeIndex = product.options.findIndex((option) => option.name.toLowerCase() === 'size');
  const guide = sizeGuideKind(product.options[sizeIndex]?.values ?? []);

  // The address names the chosen variant (or nothing while the choice is incomplete); replacing
  // it, so that picking sizes adds no history entries. An ignored one is dropped as well.
  const variantParam = params.get(VARIANT_PARAM);
  const wantedParam = hasOptions ? (variant?.id ?? null) : variantParam;
  useEffect(() => {
    if (wantedParam === variantParam) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (wantedParam) next.set(VARIANT_PARAM, wantedParam);
        else next.delete(VARIANT_PARAM);
        return next;
      },
      { replace: true, preventScrollReset: true },
    );
  }, [wantedParam, variantParam, setParams]);

  function pick(option: number, value: string) {
    const next = choice.map((picked, i) => (i === option ? value : picked));
    setChoice(next);
    setResult(null);
    if (missing === option) setMissing(-1);
    const picked = chosenVariant(product, next);
    if (picked) setQuantity((n) => Math.min(n, Math.max(1, picked.stock.available)));
  }

  /** Tells the shopper which option is still to pick, and takes the focus there. */
  function askFor(option: number) {
    setMissing(option);
    const group = groups.current[option];
    const target =
      group?.querySelector<HTMLInputElement>('input:checked') ??
      group?.querySelector<HTMLInputElement>('input:not(:disabled)');
    (target ?? group)?.focus();
  }

  async function add() {
    setResult(null);
    if (!variant) {
      askFor(Math.max(0, firstUnpicked(choice)));
      return;
    }
    setAdding(true);
    try {
      setCart(await client.addToCart(variant.id, quantity));
      setResult({ ok: true, message: `Added ${quantity} to your cart.` });
    } catch (error) {
      if (error instanceof ApiError && OUTDATED.has(error.code)) onOutdated();
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
          {image ? (
            <img
              src={image.url}
              width={image.width}
              height={image.height}
              alt={variantName(product.title, variant?.label ?? '')}
              fetchPriority="high"
            />
          ) : (
            <div className="no-image" aria-hidden="true" />
          )}
        </div>
        <div className="product-info">
          <p className="eyebrow">{product.category.name}</p>
          <h1>{product.title}</h1>
          {/* Price and stock follow the choice; announced, as they change without a reload. */}
          <div aria-live="polite" className="product-status">
            <p className="product-price" data-testid="product-price">
              {variant ? formatMoney(variant.price) : <PriceRange product={product} />}
            </p>
            <StockBadge stock={stock} />
            {variant && (
              <p className="product-sku" data-testid="product-sku">
                SKU {variant.sku}
              </p>
            )}
          </div>
          <p className="product-description">{product.description}</p>

          {hasOptions && (
            <div className="product-options">
              <OptionPicker
                product={product}
                choice={choice}
                onPick={pick}
                missing={missing}
                groupRef={(option) => (element) => {
                  groups.current[option] = element;
                }}
                extra={(option) => guide && option === sizeIndex && <SizeGuide kind={guide} />}
              />
            </div>
          )}

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
              disabled={adding || stock.state === 'out'}
              aria-busy={adding}
              onClick={add}
            >
              {stock.state === 'out' ? 'Sold out' : adding ? 'Adding…' : 'Add to cart'}
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
