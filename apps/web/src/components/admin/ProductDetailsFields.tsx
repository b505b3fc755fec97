import type { AdminProductDetail, CategorySummary } from '@ironcart/server/api';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../format.js';
import { useShop } from '../../shop.js';
import { FieldMessages } from '../FieldMessages.js';
import { describedBy } from './common.js';
import type { ProductErrors, ProductForm } from './product-form.js';

const HINTS = {
  id: 'The product’s address in the shop: lower-case letters, digits and hyphens. It cannot change later.',
  price: 'In US dollars, e.g. 74.99. Variants without a price of their own sell at this one.',
  stock: 'Units on hand now. Later changes go through the stock controls.',
  description: 'At least 10 characters. Shown on the product page.',
};

/**
 * The product form's "Details": title, id and stock (a new product's only), category (loaded
 * here), price, description; each field with its hint and error. `idOf` names a field's
 * input (the form focuses the first with an error).
 */
export function ProductDetailsFields({
  idOf,
  form,
  product,
  errors,
  onChange,
  onIdTyped,
}: {
  idOf: (field: keyof ProductForm) => string;
  form: ProductForm;
  /** The saved product; null for a new one. */
  product: AdminProductDetail | null;
  errors: ProductErrors;
  onChange: <K extends keyof ProductForm>(field: K, value: ProductForm[K]) => void;
  /** The admin typed an id of their own: it stops following the title. */
  onIdTyped: () => void;
}) {
  const creating = product === null;
  const { client } = useShop();
  const [categories, setCategories] = useState<CategorySummary[] | null>(null);
  const [categoriesError, setCategoriesError] = useState<string | null>(null);

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

  const shown = (field: keyof ProductForm) => errors[field];
  const input = (field: keyof ProductForm, hint?: string) => ({
    id: idOf(field),
    name: field,
    'aria-invalid': shown(field) ? true : undefined,
    'aria-describedby': describedBy(idOf(field), hint, shown(field)),
  });

  return (
    <fieldset className="panel">
      <legend>Details</legend>
      <div className="form-grid">
        <div className="form-field span-2">
          <label htmlFor={idOf('title')}>Title</label>
          <input
            {...input('title')}
            maxLength={120}
            required
            value={form.title}
            onChange={(event) => onChange('title', event.target.value)}
          />
          <FieldMessages id={idOf('title')} error={shown('title')} />
        </div>
        {creating && (
          <div className="form-field span-2">
            <label htmlFor={idOf('id')}>Id</label>
            <input
              {...input('id', HINTS.id)}
              maxLength={80}
              required
              autoCapitalize="none"
              spellCheck={false}
              value={form.id}
              onChange={(event) => {
                onIdTyped();
                onChange('id', event.target.value.toLowerCase());
              }}
            />
            <FieldMessages id={idOf('id')} hint={HINTS.id} error={shown('id')} />
          </div>
        )}
        <div className="form-field">
          <label htmlFor={idOf('categoryId')}>Category</label>
          <select
            {...input('categoryId', categoriesError ?? undefined)}
            required
            value={form.categoryId}
            disabled={categories === null && !categoriesError}
            onChange={(event) => onChange('categoryId', event.target.value)}
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
            id={idOf('categoryId')}
            hint={categoriesError && `Categories could not be loaded: ${categoriesError}`}
            error={shown('categoryId')}
          />
        </div>
        <div className="form-field">
          <label htmlFor={idOf('price')}>Price</label>
          <div className="input-prefix">
            <span aria-hidden="true">$</span>
            <input
              {...input('price', HINTS.price)}
              inputMode="decimal"
              autoComplete="off"
              maxLength={10}
              required
              value={form.price}
              onChange={(event) => onChange('price', event.target.value)}
            />
          </div>
          <FieldMessages id={idOf('price')} hint={HINTS.price} error={shown('price')} />
        </div>
        {creating && (
          <div className="form-field">
            <label htmlFor={idOf('stock')}>Stock</label>
            <input
              {...input('stock', HINTS.stock)}
              type="number"
              inputMode="numeric"
              min={0}
              max={1_000_000}
              step={1}
              required
              value={form.stock}
              onChange={(event) => onChange('stock', event.target.value)}
            />
            <FieldMessages id={idOf('stock')} hint={HINTS.stock} error={shown('stock')} />
          </div>
        )}
        <div className="form-field span-2">
          <label htmlFor={idOf('description')}>Description</label>
          <textarea
            {...input('description', HINTS.description)}
            rows={6}
            maxLength={4000}
            required
            value={form.description}
            onChange={(event) => onChange('description', event.target.value)}
          />
          <FieldMessages
            id={idOf('description')}
            hint={HINTS.description}
            error={shown('description')}
          />
        </div>
      </div>
    </fieldset>
  );
}
