import { ApiError } from '@ironcart/sdk';
import type {
  AdminProductDetail,
  CategorySummary,
  CreateProductBody,
  UpdateProductBody,
} from '@ironcart/server/api';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ActionDialog } from '../../components/admin/ActionDialog.js';
import {
  AdminHead,
  describedBy,
  fieldErrorsOf,
  formatDateTime,
  LoadError,
  useLoad,
} from '../../components/admin/common.js';
import { ImageField, type ImageValue } from '../../components/admin/ImageField.js';
import { FieldMessages } from '../../components/FieldMessages.js';
import { errorMessage, formatMoney, isNotFound } from '../../format.js';
import { useShop } from '../../shop.js';
import { useTitle } from '../../use-title.js';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PRICE = /^\d{1,7}(\.\d{1,2})?$/;
const MAX_SPECS = 20;

interface Spec {
  /** Stable identity for React and focus, not sent. */
  key: number;
  name: string;
  value: string;
}

interface Form {
  id: string;
  title: string;
  categoryId: string;
  price: string;
  stock: string;
  description: string;
  specs: Spec[];
}

type Field = keyof Form | 'image';
type Errors = Partial<Record<Field, string>>;

let specKeys = 0;
const spec = (name = '', value = ''): Spec => ({ key: ++specKeys, name, value });

/** "Pro Training Ball 5" as "pro-training-ball-5". */
function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

function formOf(product: AdminProductDetail): Form {
  return {
    id: product.id,
    title: product.title,
    categoryId: product.category.id,
    price: product.price.amount,
    stock: String(product.stock),
    description: product.description,
    specs: product.specs.map((s) => spec(s.name, s.value)),
  };
}

/** The same rules as the server's schema, checked first so most mistakes need no round trip. */
function check(form: Form, creating: boolean): Errors {
  const errors: Errors = {};
  if (creating) {
    if (form.id.length < 3) errors.id = 'Please enter an id of at least 3 characters.';
    else if (!SLUG.test(form.id)) {
      errors.id = 'Use lower-case letters, digits and single hyphens, e.g. pro-match-ball.';
    }
    const stock = Number(form.stock);
    if (form.stock.trim() === '' || !Number.isInteger(stock) || stock < 0 || stock > 1_000_000) {
      errors.stock = 'Enter the units on hand: a whole number, 0 or more.';
    }
  }
  const title = form.title.trim();
  if (title.length < 2) errors.title = 'Please enter a title of at least 2 characters.';
  if (!form.categoryId) errors.categoryId = 'Please choose a category.';
  if (!PRICE.test(form.price.trim())) {
    errors.price = 'Enter a price such as 74.99 (at most two decimals).';
  } else if (Number(form.price) <= 0) errors.price = 'The price must be more than 0.';
  const description = form.description.trim();
  if (description.length < 10) {
    errors.description = 'Please write a description of at least 10 characters.';
  }
  if (form.specs.some((s) => !s.name.trim() || !s.value.trim())) {
    errors.specs = 'Every specification needs a name and a value (or remove the empty row).';
  }
  return errors;
}

export function AdminProductNewPage() {
  useTitle('New product · Admin');
  return <ProductEditor product={null} />;
}

export function AdminProductEditPage() {
  const { id = '' } = useParams();
  const { client } = useShop();
  const load = useLoad<AdminProductDetail>(id, () => client.admin.product(id));
  useTitle(load.data ? `${load.data.title} · Admin` : 'Product · Admin');

  if (load.error !== undefined) {
    if (isNotFound(load.error)) {
      return (
        <div className="empty">
          <h1>We could not find this product</h1>
          <p>There is no product with the id “{id}”.</p>
          <Link to="/admin/products" className="button button-primary">
            All products
          </Link>
        </div>
      );
    }
    return (
      <>
        <AdminHead title="Product" />
        <LoadError error={load.error} retry={load.retry} />
      </>
    );
  }
  if (!load.data) {
    return (
      <div aria-busy="true">
        <p className="visually-hidden">Loading the product…</p>
        <div className="skeleton skeleton-title" />
        <div className="admin-product">
          <div className="skeleton skeleton-block" />
          <div className="skeleton skeleton-block" />
        </div>
      </div>
    );
  }
  return <ProductEditor key={load.data.id} product={load.data} onChange={load.set} />;
}

function ProductEditor({
  product,
  onChange,
}: {
  product: AdminProductDetail | null;
  onChange?: (product: AdminProductDetail) => void;
}) {
  const creating = product === null;
  const { client } = useShop();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const ids = useId();
  const fid = (name: string) => `${ids}-${name}`;
  const [form, setForm] = useState<Form>(() =>
    product
      ? formOf(product)
      : {
          id: '',
          title: '',
          categoryId: '',
          price: '',
          stock: '0',
          description: '',
          specs: [],
        },
  );
  const [idEdited, setIdEdited] = useState(false);
  const [image, setImage] = useState<ImageValue | null>(() =>
    product?.image ? { name: null, ...product.image } : null,
  );
  const [imageBusy, setImageBusy] = useState(false);
  const [categories, setCategories] = useState<CategorySummary[] | null>(null);
  const [categoriesError, setCategoriesError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(
    params.get('created') === '1' ? 'Product created. It is now for sale in the shop.' : null,
  );
  const focusSpec = useRef<number | null>(null);
  const messageRef = useRef<HTMLDivElement>(null);

  // The "created" notice is shown once: the address drops its flag (a reload does not repeat it).
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on arrival
  useEffect(() => {
    if (params.get('created') === '1') setParams({}, { replace: true });
  }, []);

  useEffect(() => {
    let live = true;
    client.categories().then(
      (list) => live && setCategories(list.items),
      (error: unknown) => live && setCategoriesError(errorMessage(error)),
    );
    return () => {
      live = false;
    };
  }, [client]);

  useEffect(() => {
    if (focusSpec.current === null) return;
    document.getElementById(`${ids}-spec-${focusSpec.current}-name`)?.focus();
    focusSpec.current = null;
  });

  useEffect(() => {
    if (failure || saved) messageRef.current?.focus();
  }, [failure, saved]);

  function change<K extends keyof Form>(field: K, value: Form[K]) {
    setForm((now) => {
      const next = { ...now, [field]: value };
      // A new product's id follows its title until the admin types one.
      if (creating && field === 'title' && !idEdited) next.id = slugify(value as string);
      return next;
    });
    setSaved(null);
    setErrors((now) => {
      // A new product's id changes with its title: its error goes too.
      const followed = creating && field === 'title' && !idEdited;
      if (!(field in now) && !(followed && 'id' in now)) return now;
      const rest: Errors = { ...now };
      delete rest[field];
      if (followed) delete rest.id;
      return rest;
    });
  }

  function changeSpec(key: number, part: 'name' | 'value', value: string) {
    change(
      'specs',
      form.specs.map((s) => (s.key === key ? { ...s, [part]: value } : s)),
    );
  }

  function addSpec() {
    const row = spec();
    focusSpec.current = row.key;
    change('specs', [...form.specs, row]);
  }

  function removeSpec(key: number) {
    const index = form.specs.findIndex((s) => s.key === key);
    const rest = form.specs.filter((s) => s.key !== key);
    change('specs', rest);
    // Focus goes to the row that took its place, or to "Add a specification".
    const next = rest[index] ?? rest[index - 1];
    requestAnimationFrame(() =>
      document.getElementById(next ? `${ids}-spec-${next.key}-name` : `${ids}-add-spec`)?.focus(),
    );
  }

  function changes(current: AdminProductDetail): UpdateProductBody {
    const body: UpdateProductBody = {};
    if (form.title.trim() !== current.title) body.title = form.title.trim();
    if (form.categoryId !== current.category.id) body.categoryId = form.categoryId;
    if (form.price.trim() !== current.price.amount) body.price = form.price.trim();
    if (form.description.trim() !== current.description) {
      body.description = form.description.trim();
    }
    const specs = form.specs.map((s) => ({ name: s.name.trim(), value: s.value.trim() }));
    if (JSON.stringify(specs) !== JSON.stringify(current.specs)) body.specs = specs;
    if (image === null && current.image !== null) body.image = null;
    else if (image?.name) body.image = image.name;
    return body;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (saving || imageBusy) return;
    setFailure(null);
    setSaved(null);
    const local = check(form, creating);
    setErrors(local);
    const first = Object.keys(local)[0];
    if (first) {
      document.getElementById(first === 'specs' ? `${ids}-specs` : fid(first))?.focus();
      return;
    }
    const specs = form.specs.map((s) => ({ name: s.name.trim(), value: s.value.trim() }));
    setSaving(true);
    try {
      if (creating) {
        const body: CreateProductBody = {
          id: form.id,
          title: form.title.trim(),
          categoryId: form.categoryId,
          price: form.price.trim(),
          stock: Number(form.stock),
          description: form.description.trim(),
          specs,
          image: image?.name ?? null,
        };
        const created = await client.admin.createProduct(body);
        navigate(`/admin/products/${encodeURIComponent(created.id)}?created=1`);
        return;
      }
      const body = changes(product);
      if (Object.keys(body).length === 0) {
        setSaved('Nothing has changed.');
        return;
      }
      const updated = await client.admin.updateProduct(product.id, body);
      onChange?.(updated);
      setForm(formOf(updated));
      setImage(updated.image ? { name: null, ...updated.image } : null);
      setSaved('Changes saved.');
    } catch (error) {
      const fields = fieldErrorsOf(error) as Errors;
      if (error instanceof ApiError && error.status === 409) {
        if (creating && /id|exist/i.test(`${error.code} ${error.message}`)) {
          fields.id = error.message;
        }
      }
      setErrors(fields);
      const firstField = Object.keys(fields)[0];
      if (firstField) {
        setFailure('Please correct the fields marked below.');
      } else setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  const shown = (field: Field) => errors[field];
  const input = (field: keyof Form, hint?: string) => ({
    id: fid(field),
    name: field,
    'aria-invalid': shown(field) ? true : undefined,
    'aria-describedby': describedBy(fid(field), hint, shown(field)),
  });

  const hints = {
    id: 'The product’s address in the shop: lower-case letters, digits and hyphens. It cannot change later.',
    price: 'In US dollars, e.g. 74.99.',
    stock: 'Units on hand now. Later changes go through the stock controls.',
    description: 'At least 10 characters. Shown on the product page.',
  };

  const title = creating ? 'New product' : product.title;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/admin/products">Products</Link>
          </li>
          <li aria-current="page">{creating ? 'New product' : product.id}</li>
        </ol>
      </nav>
      <AdminHead
        title={
          <>
            {title}
            {product?.archived && <span className="badge badge-muted">Archived</span>}
          </>
        }
        lead={
          creating
            ? 'It goes on sale as soon as you create it.'
            : `${product.unitsSold} sold · last changed ${formatDateTime(product.updatedAt)}`
        }
      >
        {product && !product.archived && (
          <Link to={`/product/${encodeURIComponent(product.id)}`} className="button button-outline">
            View in shop
          </Link>
        )}
      </AdminHead>

      <div ref={messageRef} tabIndex={-1} className="admin-message">
        {failure && (
          <div className="notice notice-error" role="alert">
            {failure}
          </div>
        )}
        {saved && (
          <div className="notice notice-success" role="status">
            {saved}
          </div>
        )}
      </div>

      <div className="admin-product">
        <form id={fid('form')} className="admin-product-form" onSubmit={submit} noValidate>
          <fieldset className="panel">
            <legend>Details</legend>
            <div className="form-grid">
              <div className="form-field span-2">
                <label htmlFor={fid('title')}>Title</label>
                <input
                  {...input('title')}
                  maxLength={120}
                  required
                  value={form.title}
                  onChange={(event) => change('title', event.target.value)}
                />
                <FieldMessages id={fid('title')} error={shown('title')} />
              </div>
              {creating && (
                <div className="form-field span-2">
                  <label htmlFor={fid('id')}>Id</label>
                  <input
                    {...input('id', hints.id)}
                    maxLength={80}
                    required
                    autoCapitalize="none"
                    spellCheck={false}
                    value={form.id}
                    onChange={(event) => {
                      setIdEdited(true);
                      change('id', event.target.value.toLowerCase());
                    }}
                  />
                  <FieldMessages id={fid('id')} hint={hints.id} error={shown('id')} />
                </div>
              )}
              <div className="form-field">
                <label htmlFor={fid('categoryId')}>Category</label>
                <select
                  {...input('categoryId', categoriesError ?? undefined)}
                  required
                  value={form.categoryId}
                  disabled={categories === null && !categoriesError}
                  onChange={(event) => change('categoryId', event.target.value)}
                >
                  <option value="">{categories ? 'Choose a category' : 'Loading…'}</option>
                  {(categories ?? []).map((category) => (
                    <option key={category.id} value={category.id}>
                      {category.name}
                    </option>
                  ))}
                  {product && categories && !categories.some((c) => c.id === form.categoryId) && (
                    <option value={product.category.id}>{product.category.name}</option>
                  )}
                </select>
                <FieldMessages
                  id={fid('categoryId')}
                  hint={categoriesError && `Categories could not be loaded: ${categoriesError}`}
                  error={shown('categoryId')}
                />
              </div>
              <div className="form-field">
                <label htmlFor={fid('price')}>Price</label>
                <div className="input-prefix">
                  <span aria-hidden="true">$</span>
                  <input
                    {...input('price', hints.price)}
                    inputMode="decimal"
                    autoComplete="off"
                    maxLength={10}
                    required
                    value={form.price}
                    onChange={(event) => change('price', event.target.value)}
                  />
                </div>
                <FieldMessages id={fid('price')} hint={hints.price} error={shown('price')} />
              </div>
              {creating && (
                <div className="form-field">
                  <label htmlFor={fid('stock')}>Stock</label>
                  <input
                    {...input('stock', hints.stock)}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={1_000_000}
                    step={1}
                    required
                    value={form.stock}
                    onChange={(event) => change('stock', event.target.value)}
                  />
                  <FieldMessages id={fid('stock')} hint={hints.stock} error={shown('stock')} />
                </div>
              )}
              <div className="form-field span-2">
                <label htmlFor={fid('description')}>Description</label>
                <textarea
                  {...input('description', hints.description)}
                  rows={6}
                  maxLength={4000}
                  required
                  value={form.description}
                  onChange={(event) => change('description', event.target.value)}
                />
                <FieldMessages
                  id={fid('description')}
                  hint={hints.description}
                  error={shown('description')}
                />
              </div>
            </div>
          </fieldset>

          <fieldset
            className="panel"
            id={`${ids}-specs`}
            tabIndex={-1}
            aria-describedby={shown('specs') ? `${ids}-specs-error` : undefined}
          >
            <legend>Specifications</legend>
            {form.specs.length === 0 ? (
              <p className="panel-note">
                None yet. Material, sizes, weight: whatever helps a shopper choose.
              </p>
            ) : (
              <ol className="specs-editor">
                {form.specs.map((row, index) => (
                  <li key={row.key} className="specs-row">
                    <div className="form-field">
                      <label htmlFor={`${ids}-spec-${row.key}-name`}>Name</label>
                      <input
                        id={`${ids}-spec-${row.key}-name`}
                        maxLength={60}
                        placeholder="e.g. Material"
                        value={row.name}
                        aria-invalid={shown('specs') && !row.name.trim() ? true : undefined}
                        onChange={(event) => changeSpec(row.key, 'name', event.target.value)}
                      />
                    </div>
                    <div className="form-field">
                      <label htmlFor={`${ids}-spec-${row.key}-value`}>Value</label>
                      <input
                        id={`${ids}-spec-${row.key}-value`}
                        maxLength={200}
                        placeholder="e.g. Recycled polyester"
                        value={row.value}
                        aria-invalid={shown('specs') && !row.value.trim() ? true : undefined}
                        onChange={(event) => changeSpec(row.key, 'value', event.target.value)}
                      />
                    </div>
                    <button
                      type="button"
                      className="button button-outline button-small specs-remove"
                      onClick={() => removeSpec(row.key)}
                    >
                      Remove<span className="visually-hidden"> specification {index + 1}</span>
                    </button>
                  </li>
                ))}
              </ol>
            )}
            <FieldMessages id={`${ids}-specs`} error={shown('specs')} />
            <button
              type="button"
              id={`${ids}-add-spec`}
              className="button button-outline button-small"
              disabled={form.specs.length >= MAX_SPECS}
              onClick={addSpec}
            >
              <span aria-hidden="true">+</span> Add a specification
            </button>
          </fieldset>

          <div className="admin-save">
            <button
              type="submit"
              className="button button-primary button-large"
              disabled={saving || imageBusy}
              aria-busy={saving}
            >
              {saving
                ? creating
                  ? 'Creating…'
                  : 'Saving…'
                : creating
                  ? 'Create product'
                  : 'Save changes'}
            </button>
            {imageBusy && <span className="field-hint">Waiting for the image upload…</span>}
            <Link to="/admin/products" className="summary-continue">
              Back to products
            </Link>
          </div>
        </form>

        <div className="admin-side">
          <section className="panel" aria-labelledby={`${ids}-image-title`}>
            <h2 id={`${ids}-image-title`}>Image</h2>
            <ImageField
              id={fid('image')}
              title={form.title}
              value={image}
              onChange={(next) => {
                setImage(next);
                setSaved(null);
              }}
              onBusy={setImageBusy}
              error={shown('image')}
              hint={
                creating
                  ? 'PNG, JPEG or WebP. It is stored as a new WebP image, without metadata.'
                  : 'PNG, JPEG or WebP. A new image replaces the old one when you save.'
              }
            />
          </section>
          {product && <StockPanel product={product} onChange={(p) => onChange?.(p)} />}
          {product && <AvailabilityPanel product={product} onChange={(p) => onChange?.(p)} />}
        </div>
      </div>
    </>
  );
}

/** Units on hand: set after a count, or adjust by a delivery or a loss. */
function StockPanel({
  product,
  onChange,
}: {
  product: AdminProductDetail;
  onChange: (product: AdminProductDetail) => void;
}) {
  const { client } = useShop();
  const ids = useId();
  const [mode, setMode] = useState<'set' | 'adjust'>('set');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [errors, setErrors] = useState<{ amount?: string; reason?: string }>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const n = Number(amount);
    const problems: { amount?: string; reason?: string } = {};
    if (amount.trim() === '' || !Number.isInteger(n)) problems.amount = 'Enter a whole number.';
    else if (mode === 'set' && (n < 0 || n > 1_000_000)) {
      problems.amount = 'Enter 0 or more units.';
    } else if (mode === 'adjust' && n === 0) problems.amount = 'Enter units to add or remove.';
    else if (mode === 'adjust' && product.stock + n < 0) {
      problems.amount = `Only ${product.stock} on hand: remove at most ${product.stock}.`;
    }
    if (reason.trim().length < 3) problems.reason = 'Please give a reason (3 characters or more).';
    setErrors(problems);
    setResult(null);
    if (problems.amount || problems.reason) return;
    setBusy(true);
    try {
      const updated =
        mode === 'set'
          ? await client.admin.setStock(product.id, n, reason.trim())
          : await client.admin.adjustStock(product.id, n, reason.trim());
      onChange(updated);
      setAmount('');
      setReason('');
      setResult({ ok: true, message: `Stock updated: ${updated.stock} on hand.` });
    } catch (failure) {
      const fields = fieldErrorsOf(failure);
      setErrors({
        amount: fields.stock ?? fields.delta,
        reason: fields.reason,
      });
      setResult({ ok: false, message: errorMessage(failure) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Stock</h2>
      <p className="stock-on-hand">
        <span data-testid="stock-on-hand">{product.stock}</span> on hand
        {product.stock === 0 ? (
          <span className="stock stock-out">Out of stock</span>
        ) : product.lowStock ? (
          <span className="stock stock-low">Low</span>
        ) : null}
      </p>
      <form className="form stock-form" onSubmit={submit} noValidate>
        <fieldset className="segmented">
          <legend className="visually-hidden">Change the stock by</legend>
          <label>
            <input
              type="radio"
              name={`${ids}-mode`}
              checked={mode === 'set'}
              onChange={() => setMode('set')}
            />
            Set the count
          </label>
          <label>
            <input
              type="radio"
              name={`${ids}-mode`}
              checked={mode === 'adjust'}
              onChange={() => setMode('adjust')}
            />
            Add or remove
          </label>
        </fieldset>
        <div className="form-field">
          <label htmlFor={`${ids}-amount`}>
            {mode === 'set' ? 'Units on hand' : 'Units to add (negative to remove)'}
          </label>
          <input
            id={`${ids}-amount`}
            type="number"
            inputMode="numeric"
            step={1}
            min={mode === 'set' ? 0 : undefined}
            value={amount}
            placeholder={mode === 'set' ? String(product.stock) : 'e.g. 12 or -2'}
            aria-invalid={errors.amount ? true : undefined}
            aria-describedby={errors.amount ? `${ids}-amount-error` : undefined}
            onChange={(event) => setAmount(event.target.value)}
          />
          <FieldMessages id={`${ids}-amount`} error={errors.amount} />
        </div>
        <div className="form-field">
          <label htmlFor={`${ids}-reason`}>Reason</label>
          <input
            id={`${ids}-reason`}
            maxLength={200}
            value={reason}
            placeholder={mode === 'set' ? 'e.g. Stock count' : 'e.g. Delivery from supplier'}
            aria-invalid={errors.reason ? true : undefined}
            aria-describedby={describedBy(`${ids}-reason`, 'hint', errors.reason)}
            onChange={(event) => setReason(event.target.value)}
          />
          <FieldMessages
            id={`${ids}-reason`}
            hint="Kept in the activity log."
            error={errors.reason}
          />
        </div>
        <button type="submit" className="button" disabled={busy} aria-busy={busy}>
          {busy ? 'Updating…' : 'Update stock'}
        </button>
        <p className={`stock-editor-result ${result?.ok ? 'ok' : 'bad'}`} role="status">
          {result?.message}
        </p>
      </form>
    </section>
  );
}

/** For sale or archived (hidden from the shop; orders keep it). */
function AvailabilityPanel({
  product,
  onChange,
}: {
  product: AdminProductDetail;
  onChange: (product: AdminProductDetail) => void;
}) {
  const { client } = useShop();
  const ids = useId();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const archiving = !product.archived;

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Availability</h2>
      <p className="panel-note">
        {product.archived
          ? 'Archived: hidden from the shop and from checkout. Past orders keep it.'
          : `For sale at ${formatMoney(product.price)}.`}
      </p>
      <button
        type="button"
        className={`button ${archiving ? 'button-outline' : 'button-primary'}`}
        onClick={() => {
          setDone(null);
          setOpen(true);
        }}
      >
        {archiving ? 'Archive product' : 'Restore to the shop'}
      </button>
      {done && (
        <p className="notice notice-success" role="status">
          {done}
        </p>
      )}
      <ActionDialog
        open={open}
        title={archiving ? `Archive “${product.title}”?` : `Restore “${product.title}”?`}
        confirmLabel={archiving ? 'Archive' : 'Restore'}
        pendingLabel={archiving ? 'Archiving…' : 'Restoring…'}
        danger={archiving}
        onClose={() => setOpen(false)}
        onConfirm={async () => {
          const updated = archiving
            ? await client.admin.archiveProduct(product.id)
            : await client.admin.restoreProduct(product.id);
          onChange(updated);
          setOpen(false);
          setDone(archiving ? 'Product archived.' : 'Product restored: it is for sale again.');
        }}
      >
        <p>
          {archiving
            ? 'Shoppers will no longer see it, and carts holding it cannot check out. Orders already placed keep it. You can restore it at any time.'
            : 'It goes back on sale in the shop at its current price and stock.'}
        </p>
      </ActionDialog>
    </section>
  );
}
