import type { AdminProductDetail } from '@ironcart/server/api';

/** The options editor's and the variant grid's rules (no React), as the server checks them. */

/** As the server: at most 3 options, 100 values each, 250 variants in all. */
export const MAX_OPTIONS = 3;
export const MAX_VALUES = 100;
export const MAX_VARIANTS = 250;

type Option = AdminProductDetail['options'][number];

/** An option being edited: `draft` is what the "Add values" box holds. */
export interface EditedOption {
  /** Stable identity for React and focus, not sent. */
  key: number;
  name: string;
  values: string[];
  draft: string;
}

/** Problems by option key, and `form` for the whole list. */
export type OptionErrors = Partial<Record<number | 'form', string>>;

let optionKeys = 0;
export const newOption = (name = '', values: string[] = []): EditedOption => ({
  key: ++optionKeys,
  name,
  values,
  draft: '',
});

export const editedOptionsOf = (options: readonly Option[]) =>
  options.map((o) => newOption(o.name, [...o.values]));

/** "XS, S ,M" as ["XS", "S", "M"]: a pasted list is several values. */
export function splitValues(text: string): string[] {
  const values = text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  return values.filter(
    (v, i) => values.findIndex((w) => w.toLowerCase() === v.toLowerCase()) === i,
  );
}

/** `list` with the item at `index` moved `by` places. */
export function moved<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (to < 0 || to >= list.length) return [...list];
  const next = [...list];
  [next[index], next[to]] = [next[to] as T, next[index] as T];
  return next;
}

/** How many variants the options make (1 without options). */
export const gridSize = (options: readonly { values: readonly string[] }[]) =>
  options.reduce((n, o) => n * o.values.length, 1);

/** What the server would refuse, found first. */
export function optionErrorsOf(options: readonly EditedOption[]): OptionErrors {
  const errors: OptionErrors = {};
  const names = new Set<string>();
  for (const option of options) {
    const name = option.name.trim().toLowerCase();
    if (!name) errors[option.key] = 'Please name this option, e.g. Size.';
    else if (names.has(name))
      errors[option.key] = `There is already an option “${option.name.trim()}”.`;
    else if (option.draft.trim()) errors[option.key] = 'Add the value you typed, or clear the box.';
    else if (option.values.length === 0) errors[option.key] = 'Add at least one value.';
    else if (option.values.length > MAX_VALUES) {
      errors[option.key] = `At most ${MAX_VALUES} values.`;
    }
    names.add(name);
  }
  if (gridSize(options) > MAX_VARIANTS) {
    errors.form = `These options make ${gridSize(options)} variants: at most ${MAX_VARIANTS} are allowed.`;
  }
  return errors;
}

/** "2 of 6 sizes out" (one option), "2 of 10 variants out" (several); null when none is out. */
export function soldOutText(availability: {
  variants: number;
  soldOut: number;
  option: string | null;
}): string | null {
  if (availability.soldOut === 0 || availability.variants <= 1) return null;
  const noun = availability.option ? `${availability.option.toLowerCase()}s` : 'variants';
  return `${availability.soldOut} of ${availability.variants} ${noun} out`;
}
