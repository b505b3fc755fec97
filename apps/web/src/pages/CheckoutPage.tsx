import {
  brandName,
  type CardField,
  cvcLength,
  detectBrand,
  formatCardNumber,
  validateCard,
} from '@ironcart/cards';
import { ApiError, CartChangedError, newIdempotencyKey } from '@ironcart/sdk';
import type { Cart, CheckoutBody, PublicUser } from '@ironcart/server/api';
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { CartTotals } from '../components/CartTotals.js';
import { FieldMessages } from '../components/FieldMessages.js';
import { RequireLogin } from '../components/RequireLogin.js';
import { VariantDetails, variantName } from '../components/VariantDetails.js';
import { errorMessage, formatMoney } from '../format.js';
import { useShop } from '../shop.js';
import { useTitle } from '../use-title.js';

export const COUNTRIES: readonly { code: string; name: string }[] = [
  { code: 'US', name: 'United States' },
  { code: 'CA', name: 'Canada' },
  { code: 'GB', name: 'United Kingdom' },
  { code: 'DE', name: 'Germany' },
  { code: 'FR', name: 'France' },
  { code: 'ES', name: 'Spain' },
  { code: 'IT', name: 'Italy' },
  { code: 'NL', name: 'Netherlands' },
  { code: 'AU', name: 'Australia' },
];

type BillingField = 'name' | 'line1' | 'line2' | 'city' | 'postalCode' | 'country';
type FieldName = BillingField | CardField;

interface Form {
  name: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  country: string;
  number: string;
  expiry: string;
  cvc: string;
  holder: string;
}

const EMPTY_FORM: Form = {
  name: '',
  line1: '',
  line2: '',
  city: '',
  postalCode: '',
  country: 'US',
  number: '',
  expiry: '',
  cvc: '',
  holder: '',
};

/** "0", "12", "12 / 2", "12 / 29": digits only, the slash added after the month. */
function formatExpiry(text: string, previous: string): string {
  let digits = text.replace(/[^0-9]/g, '').slice(0, 4);
  // A first digit above 1 can only be a one-digit month: "4" is "04".
  if (digits.length === 1 && Number(digits) > 1) digits = `0${digits}`;
  // Deleting backwards over the slash deletes the month's last digit too.
  if (text.length < previous.length && previous.endsWith(' / ') && digits.length === 2) {
    return digits.slice(0, 1);
  }
  if (digits.length < 2) return digits;
  if (digits.length === 2 && text.length < previous.length) return digits;
  return `${digits.slice(0, 2)} / ${digits.slice(2)}`;
}

function splitExpiry(expiry: string): { month: string; year: string } {
  const [month = '', year = ''] = expiry.split('/').map((part) => part.trim());
  return { month, year };
}

const POSTAL_CODE = /^[A-Za-z0-9][A-Za-z0-9 -]*$/;

function billingErrors(form: Form): Partial<Record<BillingField, string>> {
  const errors: Partial<Record<BillingField, string>> = {};
  if (!form.name.trim()) errors.name = 'Please enter the billing name.';
  if (!form.line1.trim()) errors.line1 = 'Please enter the street address.';
  if (!form.city.trim()) errors.city = 'Please enter the city.';
  const postal = form.postalCode.trim();
  if (!postal) errors.postalCode = 'Please enter the postal code.';
  else if (postal.length < 2 || !POSTAL_CODE.test(postal)) {
    errors.postalCode = 'Please check the postal code (letters, digits, spaces and dashes).';
  }
  return errors;
}

function cardErrors(form: Form, now: Date): Partial<Record<CardField, string>> {
  const { month, year } = splitExpiry(form.expiry);
  const result = validateCard(
    { number: form.number, expMonth: month, expYear: year, cvc: form.cvc, holder: form.holder },
    now,
  );
  const errors: Partial<Record<CardField, string>> = {};
  if (!result.ok) for (const error of result.errors) errors[error.field] = error.message;
  return errors;
}

/** The server's field paths (`body/card/number`, `body/billing/city`) as form fields. */
function fieldOfPath(path: string): FieldName | undefined {
  const last = path.split('/').pop() ?? '';
  const known: FieldName[] = [
    'name',
    'line1',
    'line2',
    'city',
    'postalCode',
    'country',
    'number',
    'expiry',
    'cvc',
    'holder',
  ];
  if (last === 'expMonth' || last === 'expYear') return 'expiry';
  return known.find((field) => field === last);
}

export function CheckoutPage() {
  useTitle('Checkout');
  return <RequireLogin>{(user) => <Checkout user={user} />}</RequireLogin>;
}

function Checkout({ user }: { user: PublicUser }) {
  const { client, setCart, refreshCart } = useShop();
  const navigate = useNavigate();
  const [cart, setFreshCart] = useState<Cart | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState<Form>(() => ({ ...EMPTY_FORM, name: user.name }));
  const [touched, setTouched] = useState<ReadonlySet<FieldName>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [paying, setPaying] = useState(false);
  const [failure, setFailure] = useState<ReactNode>(null);
  /** One key per purchase attempt: kept while the shopper retries it, dropped on any change. */
  const attemptKey = useRef<string | null>(null);
  const inFlight = useRef(false);
  const failureRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    client.cart().then(
      (answer) => {
        if (!live) return;
        setFreshCart(answer);
        setCart(answer);
      },
      (error: unknown) => live && setLoadError(errorMessage(error)),
    );
    return () => {
      live = false;
    };
  }, [client, setCart]);

  useEffect(() => {
    if (failure) failureRef.current?.focus();
  }, [failure]);

  const errors: Partial<Record<FieldName, string>> = {
    ...billingErrors(form),
    ...cardErrors(form, new Date()),
    ...serverErrors,
  };
  const brand = detectBrand(form.number);
  const shown = (field: FieldName) =>
    (submitted || touched.has(field) || field in serverErrors) && errors[field]
      ? errors[field]
      : undefined;

  function change(field: keyof Form, value: string) {
    setForm((now) => ({ ...now, [field]: value }));
    // A changed form is a new purchase attempt: a new key, and the old answers no longer apply.
    attemptKey.current = null;
    setServerErrors((now) => {
      if (!(field in now)) return now;
      const { [field]: _gone, ...rest } = now;
      return rest;
    });
  }

  function blur(field: FieldName) {
    setTouched((now) => (now.has(field) ? now : new Set(now).add(field)));
  }

  async function pay(event: FormEvent) {
    event.preventDefault();
    if (inFlight.current || !cart) return;
    setSubmitted(true);
    setFailure(null);
    const local = { ...billingErrors(form), ...cardErrors(form, new Date()) };
    const firstBad = Object.keys(local)[0];
    if (firstBad) {
      document.getElementById(`checkout-${firstBad}`)?.focus();
      return;
    }
    const { month, year } = splitExpiry(form.expiry);
    const body: CheckoutBody = {
      card: {
        number: form.number,
        expMonth: Number(month),
        expYear: Number(year),
        cvc: form.cvc.trim(),
        holder: form.holder.trim(),
      },
      billing: {
        name: form.name.trim(),
        line1: form.line1.trim(),
        ...(form.line2.trim() ? { line2: form.line2.trim() } : {}),
        city: form.city.trim(),
        postalCode: form.postalCode.trim(),
        country: form.country,
      },
      // The cart on screen: if it changed meanwhile, the server refuses and sends the new one.
      cartVersion: cart.version,
    };
    attemptKey.current ??= newIdempotencyKey();
    inFlight.current = true;
    setPaying(true);
    try {
      const order = await client.checkout(body, attemptKey.current);
      attemptKey.current = null;
      await refreshCart();
      navigate(`/orders/${encodeURIComponent(order.id)}?placed=1`);
    } catch (error) {
      handleFailure(error);
    } finally {
      inFlight.current = false;
      setPaying(false);
    }
  }

  function handleFailure(error: unknown) {
    if (error instanceof CartChangedError) {
      // Nothing was charged. Show the cart as it is now and let the shopper confirm it anew.
      attemptKey.current = null;
      const was = cart ? formatMoney(cart.total) : undefined;
      setFreshCart(error.cart);
      setCart(error.cart);
      setFailure(
        <>
          <strong>Your cart changed since you looked at it</strong> (a price, a quantity or an
          item), so nothing was charged. The total is now{' '}
          <span data-testid="changed-total">{formatMoney(error.cart.total)}</span>
          {was ? ` instead of ${was}` : ''}. Please check your order, then press Pay to confirm.
        </>,
      );
      return;
    }
    if (!(error instanceof ApiError)) {
      // A network error: the same attempt (and key) is retried by pressing Pay again.
      setFailure(
        'We could not reach the store, so we do not know yet whether the payment went through. Press Pay again to retry safely: you will not be charged twice.',
      );
      return;
    }
    if (error.status === 402) {
      setFailure(error.message);
      return;
    }
    if (error.code === 'invalid_card' || error.status === 400) {
      const fields: Partial<Record<FieldName, string>> = {};
      for (const detail of error.details) {
        const field = fieldOfPath(detail.path);
        if (field) fields[field] ??= detail.message;
      }
      setServerErrors(fields);
      setFailure(
        Object.keys(fields).length ? 'Please check the details marked below.' : errorMessage(error),
      );
      return;
    }
    if (
      error.code === 'insufficient_stock' ||
      error.code === 'product_unavailable' ||
      error.code === 'order_limit_exceeded' ||
      error.code === 'cart_empty'
    ) {
      attemptKey.current = null;
      void refreshCart();
      navigate('/cart', { state: { checkoutProblem: errorMessage(error) } });
      return;
    }
    if (error.status === 401) {
      navigate(`/login?${new URLSearchParams({ next: '/checkout' })}`);
      return;
    }
    if (error.code === 'cart_in_checkout') {
      setFailure(
        <>
          This cart is being paid for in another window or tab.{' '}
          <Link to="/orders" className="notice-link">
            Check your orders
          </Link>{' '}
          before paying again.
        </>,
      );
      return;
    }
    if (error.code === 'checkout_in_progress') {
      setFailure(
        'Your payment is still being processed. Please wait a moment, then press Pay again.',
      );
      return;
    }
    if (error.code === 'idempotency_key_reused') {
      attemptKey.current = null;
      setFailure('Your order changed while paying. Please check it and press Pay again.');
      return;
    }
    if (error.code === 'payment_pending') {
      setFailure(
        <>
          {error.message} Your order is pending and will be settled within minutes:{' '}
          <Link to="/orders" className="notice-link">
            check your orders
          </Link>{' '}
          before trying again.
        </>,
      );
      return;
    }
    setFailure(errorMessage(error));
  }

  if (loadError && !cart) {
    return (
      <div className="container page">
        <h1>Checkout</h1>
        <div className="notice notice-error" role="alert">
          <p>{loadError}</p>
          <Link to="/cart" className="button">
            Back to your cart
          </Link>
        </div>
      </div>
    );
  }
  if (!cart) {
    return (
      <div className="container page" aria-busy="true">
        <h1>Checkout</h1>
        <div className="skeleton skeleton-block" />
      </div>
    );
  }
  if (cart.lines.length === 0) {
    return (
      <div className="container page">
        <h1>Checkout</h1>
        <div className="empty">
          <h2>Your cart is empty</h2>
          <p>Add something to your cart before checking out.</p>
          <Link to="/" className="button button-primary">
            Continue shopping
          </Link>
        </div>
      </div>
    );
  }

  const field = (
    name: BillingField,
    label: string,
    options: { autoComplete: string; optional?: boolean; maxLength: number },
  ) => (
    <TextField
      name={name}
      label={options.optional ? `${label} (optional)` : label}
      value={form[name]}
      error={shown(name)}
      autoComplete={options.autoComplete}
      maxLength={options.maxLength}
      required={!options.optional}
      onChange={(value) => change(name, value)}
      onBlur={() => blur(name)}
    />
  );

  return (
    <div className="container page">
      <h1>Checkout</h1>
      <div className="checkout">
        <form className="checkout-form" onSubmit={pay} noValidate aria-busy={paying}>
          {failure && (
            <div
              className="notice notice-error"
              role="alert"
              tabIndex={-1}
              ref={failureRef}
              data-testid="checkout-error"
            >
              {failure}
            </div>
          )}
          <fieldset className="panel" disabled={paying}>
            <legend>Billing address</legend>
            <div className="form-grid">
              <div className="span-2">
                {field('name', 'Full name', { autoComplete: 'billing name', maxLength: 100 })}
              </div>
              <div className="span-2">
                {field('line1', 'Address line 1', {
                  autoComplete: 'billing address-line1',
                  maxLength: 200,
                })}
              </div>
              <div className="span-2">
                {field('line2', 'Address line 2', {
                  autoComplete: 'billing address-line2',
                  optional: true,
                  maxLength: 200,
                })}
              </div>
              {field('city', 'City', { autoComplete: 'billing address-level2', maxLength: 100 })}
              {field('postalCode', 'Postal code', {
                autoComplete: 'billing postal-code',
                maxLength: 16,
              })}
              <div className="form-field span-2">
                <label htmlFor="checkout-country">Country</label>
                <select
                  id="checkout-country"
                  autoComplete="billing country"
                  value={form.country}
                  onChange={(event) => change('country', event.target.value)}
                >
                  {COUNTRIES.map((country) => (
                    <option key={country.code} value={country.code}>
                      {country.name}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          </fieldset>

          <fieldset className="panel" disabled={paying}>
            <legend>Payment card</legend>
            <p className="panel-note">
              We accept Visa, Mastercard, American Express and Discover. Your card details go
              through the secure channel and are never stored.
            </p>
            <div className="form-grid">
              <div className="span-2">
                <TextField
                  name="number"
                  label="Card number"
                  value={form.number}
                  error={shown('number')}
                  autoComplete="cc-number"
                  inputMode="numeric"
                  maxLength={23}
                  required
                  placeholder="1234 5678 9012 3456"
                  onChange={(value) => change('number', formatCardNumber(value))}
                  onBlur={() => blur('number')}
                  adornment={
                    <span
                      className={`card-brand${brand ? ` card-brand-${brand}` : ''}`}
                      data-testid="card-brand"
                      aria-live="polite"
                    >
                      {brand ? brandName(brand) : 'Card'}
                    </span>
                  }
                />
              </div>
              <TextField
                name="expiry"
                label="Expiry (MM / YY)"
                value={form.expiry}
                error={shown('expiry')}
                autoComplete="cc-exp"
                inputMode="numeric"
                maxLength={7}
                required
                placeholder="MM / YY"
                onChange={(value) => change('expiry', formatExpiry(value, form.expiry))}
                onBlur={() => blur('expiry')}
              />
              <TextField
                name="cvc"
                label="Security code (CVC)"
                value={form.cvc}
                error={shown('cvc')}
                hint={
                  brand === 'amex'
                    ? '4 digits on the front'
                    : `${cvcLength(brand)} digits on the back`
                }
                autoComplete="cc-csc"
                inputMode="numeric"
                maxLength={cvcLength(brand)}
                required
                onChange={(value) =>
                  change('cvc', value.replace(/[^0-9]/g, '').slice(0, cvcLength(brand)))
                }
                onBlur={() => blur('cvc')}
              />
              <div className="span-2">
                <TextField
                  name="holder"
                  label="Name on card"
                  value={form.holder}
                  error={shown('holder')}
                  autoComplete="cc-name"
                  maxLength={100}
                  required
                  onChange={(value) => change('holder', value)}
                  onBlur={() => blur('holder')}
                />
              </div>
            </div>
          </fieldset>

          <button
            type="submit"
            className="button button-primary button-large pay-button"
            disabled={paying || cart.checkoutBlocked}
            aria-disabled={paying || cart.checkoutBlocked}
          >
            {paying ? 'Paying…' : `Pay ${formatMoney(cart.total)}`}
          </button>
        </form>

        <OrderSummary cart={cart} />
      </div>
    </div>
  );
}

function OrderSummary({ cart }: { cart: Cart }) {
  const problems = cart.lines.filter((line) => line.problem);
  return (
    <aside className="summary" aria-labelledby="checkout-summary-title">
      <h2 id="checkout-summary-title">Order summary</h2>
      {cart.checkoutBlocked && (
        <div className="notice notice-error" role="alert">
          <p>Some items cannot be bought as they are:</p>
          <ul className="summary-problems">
            {problems.map((line) => (
              <li key={line.variantId}>
                {variantName(line.title, line.variantLabel)}: {line.problem}
              </li>
            ))}
          </ul>
          <Link to="/cart" className="notice-link">
            Fix them in your cart
          </Link>
        </div>
      )}
      <ul className="summary-lines" aria-label="Items">
        {cart.lines.map((line) => (
          <li key={line.variantId} className={line.problem ? 'summary-line-problem' : undefined}>
            {line.image ? (
              <img src={line.image} width={48} height={48} alt="" />
            ) : (
              <span className="no-image" />
            )}
            <span className="summary-line-title">
              {line.title}
              <VariantDetails label={line.variantLabel} sku={line.sku} />
              <span className="summary-line-qty">Qty {line.quantity}</span>
            </span>
            <span className="summary-line-total">{formatMoney(line.lineTotal)}</span>
          </li>
        ))}
      </ul>
      <CartTotals cart={cart} totalTestId="checkout-total" />
      <Link to="/cart" className="summary-continue">
        Edit your cart
      </Link>
    </aside>
  );
}

function TextField({
  name,
  label,
  value,
  error,
  hint,
  onChange,
  onBlur,
  adornment,
  ...input
}: {
  name: string;
  label: string;
  value: string;
  error: string | undefined;
  hint?: string;
  onChange: (value: string) => void;
  onBlur: () => void;
  adornment?: ReactNode;
  autoComplete: string;
  maxLength: number;
  required: boolean;
  inputMode?: 'numeric';
  placeholder?: string;
}) {
  const id = `checkout-${name}`;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <div className={adornment ? 'input-with-adornment' : undefined}>
        <input
          id={id}
          name={name}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={described.length ? described.join(' ') : undefined}
          onChange={(event) => onChange(event.target.value)}
          onBlur={onBlur}
          {...input}
        />
        {adornment}
      </div>
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}
