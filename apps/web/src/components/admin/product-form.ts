import type { AdminProductDetail, UpdateProductBody } from '@ironcart/server/api';
import type { ImageValue } from './ImageField.js';
import { newSpec, type Spec } from './SpecsEditor.js';

/** The product form's rules and conversions (no React): what the admin types, as text. */

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PRICE = /^\d{1,7}(\.\d{1,2})?$/;

export interface ProductForm {
  id: string;
  title: string;
  categoryId: string;
  price: string;
  stock: string;
  description: string;
  specs: Spec[];
}

/** A panel beside the form that changes the saved product at once (stock, availability). */
export interface ProductPanelProps {
  product: AdminProductDetail;
  /** The product as the server answered the change. */
  onChange: (product: AdminProductDetail) => void;
}

export type ProductField = keyof ProductForm | 'image';
export type ProductErrors = Partial<Record<ProductField, string>>;

/** A new product's form. */
export function emptyForm(): ProductForm {
  return {
    id: '',
    title: '',
    categoryId: '',
    price: '',
    stock: '0',
    description: '',
    specs: [],
  };
}

/** A saved product's form. */
export function formOf(product: AdminProductDetail): ProductForm {
  return {
    id: product.id,
    title: product.title,
    categoryId: product.category.id,
    price: product.price.amount,
    stock: String(product.stock),
    description: product.description,
    specs: product.specs.map((s) => newSpec(s.name, s.value)),
  };
}

/** "Pro Training Ball 5" as "pro-training-ball-5". */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/** The same rules as the server's schema, checked first so most mistakes need no round trip. */
export function check(form: ProductForm, creating: boolean): ProductErrors {
  const errors: ProductErrors = {};
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

/** The specifications as sent: trimmed, without their row keys. */
export function specsOf(form: ProductForm): { name: string; value: string }[] {
  return form.specs.map((s) => ({ name: s.name.trim(), value: s.value.trim() }));
}

/** What an edit changes of the saved product (only that is sent). */
export function changes(
  form: ProductForm,
  image: ImageValue | null,
  current: AdminProductDetail,
): UpdateProductBody {
  const body: UpdateProductBody = {};
  if (form.title.trim() !== current.title) body.title = form.title.trim();
  if (form.categoryId !== current.category.id) body.categoryId = form.categoryId;
  if (form.price.trim() !== current.price.amount) body.price = form.price.trim();
  if (form.description.trim() !== current.description) {
    body.description = form.description.trim();
  }
  const specs = specsOf(form);
  if (JSON.stringify(specs) !== JSON.stringify(current.specs)) body.specs = specs;
  if (image === null && current.image !== null) body.image = null;
  else if (image?.name) body.image = image.name;
  return body;
}
