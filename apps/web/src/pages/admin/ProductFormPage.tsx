import { ApiError } from '@ironcart/sdk';
import type { AdminProductDetail, CreateProductBody } from '@ironcart/server/api';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { AvailabilityPanel } from '../../components/admin/AvailabilityPanel.js';
import {
  AdminHead,
  DetailFallback,
  fieldErrorsOf,
  formatDateTime,
  useLoad,
} from '../../components/admin/common.js';
import { ImageField, type ImageValue } from '../../components/admin/ImageField.js';
import { OptionsEditor } from '../../components/admin/OptionsEditor.js';
import { ProductDetailsFields } from '../../components/admin/ProductDetailsFields.js';
import {
  changes,
  check,
  emptyForm,
  formOf,
  type ProductErrors,
  type ProductForm,
  slugify,
  specsOf,
} from '../../components/admin/product-form.js';
import { SpecsEditor } from '../../components/admin/SpecsEditor.js';
import { StockPanel } from '../../components/admin/StockPanel.js';
import { VariantGrid } from '../../components/admin/VariantGrid.js';
import { errorMessage } from '../../format.js';
import { useShop } from '../../shop.js';
import { useTitle } from '../../use-title.js';

/**
 * The admin's product pages: a new product, and a product's editor. The form's pieces are in
 * components/admin/: ProductDetailsFields, SpecsEditor, ImageField, StockPanel (units on hand)
 * and AvailabilityPanel (archive or restore); its rules in product-form.ts. A saved product
 * also gets its OptionsEditor (sizes, colours) and VariantGrid (SKU, price, stock per variant),
 * whose rules are in variant-form.ts.
 */

export function AdminProductNewPage() {
  useTitle('New product · Admin');
  return <ProductEditor product={null} />;
}

export function AdminProductEditPage() {
  const { id = '' } = useParams();
  const { client } = useShop();
  const load = useLoad<AdminProductDetail>(id, () => client.admin.product(id));
  useTitle(load.data ? `${load.data.title} · Admin` : 'Product · Admin');

  if (!load.data) {
    return (
      <DetailFallback
        load={load}
        noun="product"
        missing={`There is no product with the id “${id}”.`}
        listTo="/admin/products"
        listLabel="All products"
        layoutClass="admin-product"
      />
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
  const [form, setForm] = useState<ProductForm>(() => (product ? formOf(product) : emptyForm()));
  const [idEdited, setIdEdited] = useState(false);
  const [image, setImage] = useState<ImageValue | null>(() =>
    product?.image ? { name: null, ...product.image } : null,
  );
  const [imageBusy, setImageBusy] = useState(false);
  const [errors, setErrors] = useState<ProductErrors>({});
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(
    params.get('created') === '1' ? 'Product created. It is now for sale in the shop.' : null,
  );
  const messageRef = useRef<HTMLDivElement>(null);

  // The "created" notice is shown once: the address drops its flag (a reload does not repeat it).
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on arrival
  useEffect(() => {
    if (params.get('created') === '1') setParams({}, { replace: true });
  }, []);

  useEffect(() => {
    if (failure || saved) messageRef.current?.focus();
  }, [failure, saved]);

  function change<K extends keyof ProductForm>(field: K, value: ProductForm[K]) {
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
      const rest: ProductErrors = { ...now };
      delete rest[field];
      if (followed) delete rest.id;
      return rest;
    });
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
    const specs = specsOf(form);
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
      const body = changes(form, image, product);
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
      const fields = fieldErrorsOf(error) as ProductErrors;
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
          <ProductDetailsFields
            idOf={fid}
            form={form}
            product={product}
            errors={errors}
            onChange={change}
            onIdTyped={() => setIdEdited(true)}
          />

          <SpecsEditor
            id={`${ids}-specs`}
            specs={form.specs}
            error={errors.specs}
            onChange={(specs) => change('specs', specs)}
          />

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
              error={errors.image}
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

      {product && (
        <div className="admin-product-form admin-variants">
          <OptionsEditor product={product} onChange={(p) => onChange?.(p)} />
          {product.options.length > 0 && (
            <VariantGrid product={product} onChange={(p) => onChange?.(p)} />
          )}
        </div>
      )}
    </>
  );
}
