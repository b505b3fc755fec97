import { useEffect, useRef } from 'react';
import { FieldMessages } from '../FieldMessages.js';

/** How many specifications a product can have. */
export const MAX_SPECS = 20;

/** One row of the editor: a specification's name and value. */
export interface Spec {
  /** Stable identity for React and focus, not sent. */
  key: number;
  name: string;
  value: string;
}

let specKeys = 0;
/** A row with a new key. */
export const newSpec = (name = '', value = ''): Spec => ({ key: ++specKeys, name, value });

/**
 * A product's specifications (name and value rows): add, edit, remove. A new row takes the
 * focus; a removed row hands it to the row that took its place (or to "Add a specification").
 * `id` is the fieldset's: the product form focuses it when `error` says what is wrong.
 */
export function SpecsEditor({
  id,
  specs,
  error,
  onChange,
}: {
  id: string;
  specs: Spec[];
  error: string | undefined;
  onChange: (specs: Spec[]) => void;
}) {
  const focusSpec = useRef<number | null>(null);
  const nameId = (key: number) => `${id}-${key}-name`;
  const addId = `${id}-add`;

  useEffect(() => {
    if (focusSpec.current === null) return;
    document.getElementById(`${id}-${focusSpec.current}-name`)?.focus();
    focusSpec.current = null;
  });

  function changeSpec(key: number, part: 'name' | 'value', value: string) {
    onChange(specs.map((s) => (s.key === key ? { ...s, [part]: value } : s)));
  }

  function addSpec() {
    const row = newSpec();
    focusSpec.current = row.key;
    onChange([...specs, row]);
  }

  function removeSpec(key: number) {
    const index = specs.findIndex((s) => s.key === key);
    const rest = specs.filter((s) => s.key !== key);
    onChange(rest);
    // Focus goes to the row that took its place, or to "Add a specification".
    const next = rest[index] ?? rest[index - 1];
    requestAnimationFrame(() => document.getElementById(next ? nameId(next.key) : addId)?.focus());
  }

  return (
    <fieldset
      className="panel"
      id={id}
      tabIndex={-1}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>Specifications</legend>
      {specs.length === 0 ? (
        <p className="panel-note">
          None yet. Material, sizes, weight: whatever helps a shopper choose.
        </p>
      ) : (
        <ol className="specs-editor">
          {specs.map((row, index) => (
            <li key={row.key} className="specs-row">
              <div className="form-field">
                <label htmlFor={nameId(row.key)}>Name</label>
                <input
                  id={nameId(row.key)}
                  maxLength={60}
                  placeholder="e.g. Material"
                  value={row.name}
                  aria-invalid={error && !row.name.trim() ? true : undefined}
                  onChange={(event) => changeSpec(row.key, 'name', event.target.value)}
                />
              </div>
              <div className="form-field">
                <label htmlFor={`${id}-${row.key}-value`}>Value</label>
                <input
                  id={`${id}-${row.key}-value`}
                  maxLength={200}
                  placeholder="e.g. Recycled polyester"
                  value={row.value}
                  aria-invalid={error && !row.value.trim() ? true : undefined}
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
      <FieldMessages id={id} error={error} />
      <button
        type="button"
        id={addId}
        className="button button-outline button-small"
        disabled={specs.length >= MAX_SPECS}
        onClick={addSpec}
      >
        <span aria-hidden="true">+</span> Add a specification
      </button>
    </fieldset>
  );
}
