import type { Cart, CartLine } from '@ironcart/server/api';
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { CartTotals } from '../components/CartTotals.js';
import { VariantDetails, variantName } from '../components/VariantDetails.js';
import { variantPath } from '../components/variant-choice.js';
import { errorMessage, formatMoney } from '../format.js';
import { useShop } from '../shop.js';
import { useTitle } from '../use-title.js';

export function CartPage() {
  const { client, cart, setCart } = useShop();
  const [loadError, setLoadError] = useState<string | null>(null);
  const [fresh, setFresh] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useTitle('Your cart');

  // Always show the server's current view of the cart (stock may have changed meanwhile).
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` retries
  useEffect(() => {
    let live = true;
    setLoadError(null);
    client.cart().then(
      (answer) => {
        if (!live) return;
        setCart(answer);
        setFresh(true);
      },
      (error: unknown) => live && setLoadError(errorMessage(error)),
    );
    return () => {
      live = false;
    };
  }, [client, setCart, attempt]);

  if (loadError && !fresh) {
    return (
      <div className="container page">
        <h1>Your cart</h1>
        <div className="notice notice-error" role="alert">
          <p>{loadError}</p>
          <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      </div>
    );
  }
  if (!fresh || !cart) {
    return (
      <div className="container page" aria-busy="true">
        <h1>Your cart</h1>
        <div className="skeleton skeleton-block" />
      </div>
    );
  }
  if (cart.lines.length === 0) {
    return (
      <div className="container page">
        <h1>Your cart</h1>
        <div className="empty">
          <h2>Your cart is empty</h2>
          <p>Find your next jersey, boots or ball in the shop.</p>
          <Link to="/" className="button button-primary">
            Continue shopping
          </Link>
        </div>
      </div>
    );
  }
  return <FilledCart cart={cart} />;
}

function FilledCart({ cart }: { cart: Cart }) {
  const { client, setCart } = useShop();
  const [busy, setBusy] = useState<string | null>(null);
  // A checkout refused for stock reasons sends the shopper here with the reason.
  const checkoutProblem = (useLocation().state as { checkoutProblem?: string } | null)
    ?.checkoutProblem;
  const [error, setError] = useState<string | null>(checkoutProblem ?? null);

  /** Runs one line's change (lines are per variant: two sizes of a jersey are two lines). */
  async function change(variantId: string, action: () => Promise<Cart>) {
    setBusy(variantId);
    setError(null);
    try {
      setCart(await action());
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="container page">
      <h1>Your cart</h1>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div className="cart">
        <ul className="cart-lines" aria-label="Items in your cart">
          {cart.lines.map((line) => (
            <Line
              key={line.variantId}
              line={line}
              busy={busy === line.variantId}
              onDecrement={() =>
                change(line.variantId, () => client.decrementCartItem(line.variantId))
              }
              onIncrement={() =>
                change(line.variantId, () => client.incrementCartItem(line.variantId))
              }
              onRemove={() => change(line.variantId, () => client.removeFromCart(line.variantId))}
            />
          ))}
        </ul>
        <aside className="summary" aria-labelledby="summary-title">
          <h2 id="summary-title">Order summary</h2>
          <CartTotals cart={cart} totalTestId="cart-total" />
          {cart.checkoutBlocked ? (
            <button type="button" className="button button-primary button-large" disabled>
              Checkout
            </button>
          ) : (
            <Link to="/checkout" className="button button-primary button-large">
              Checkout
            </Link>
          )}
          {cart.checkoutBlocked && (
            <p className="summary-note">Fix the items marked in your cart before checkout.</p>
          )}
          <Link to="/" className="summary-continue">
            Continue shopping
          </Link>
        </aside>
      </div>
    </div>
  );
}

function Line({
  line,
  busy,
  onDecrement,
  onIncrement,
  onRemove,
}: {
  line: CartLine;
  busy: boolean;
  onDecrement: () => void;
  onIncrement: () => void;
  onRemove: () => void;
}) {
  // Names the line's controls apart from another size of the same product.
  const name = variantName(line.title, line.variantLabel);
  const productLink = variantPath(line.productId, line.variantId);
  return (
    <li className={`cart-line${line.problem ? ' cart-line-problem' : ''}`} aria-busy={busy}>
      <Link to={productLink} className="cart-line-media" tabIndex={-1} aria-hidden="true">
        {line.image ? (
          <img src={line.image} width={96} height={96} alt="" />
        ) : (
          <div className="no-image" />
        )}
      </Link>
      <div className="cart-line-info">
        <h2 className="cart-line-title">
          <Link to={productLink}>{line.title}</Link>
        </h2>
        <VariantDetails label={line.variantLabel} sku={line.sku} />
        <p className="cart-line-unit">{formatMoney(line.unitPrice)} each</p>
        {line.problem && (
          <p className="cart-line-warning" role="status">
            {line.problem}
          </p>
        )}
      </div>
      <fieldset className="stepper stepper-small">
        <legend className="visually-hidden">Quantity of {name}</legend>
        <button
          type="button"
          aria-label={`One less ${name}`}
          disabled={busy || line.quantity <= 1}
          onClick={onDecrement}
        >
          −
        </button>
        <output aria-live="polite">{line.quantity}</output>
        <button
          type="button"
          aria-label={`One more ${name}`}
          disabled={busy || line.quantity >= line.available}
          onClick={onIncrement}
        >
          +
        </button>
      </fieldset>
      <p className="cart-line-total">{formatMoney(line.lineTotal)}</p>
      <button
        type="button"
        className="link-button cart-line-remove"
        disabled={busy}
        onClick={onRemove}
        aria-label={`Remove ${name}`}
      >
        Remove
      </button>
    </li>
  );
}
