import { ApiError } from '@ironcart/sdk';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { errorMessage } from '../../format.js';
import { useShop } from '../../shop.js';
import { FieldMessages } from '../FieldMessages.js';
import type { ProductPanelProps } from './product-form.js';
import {
  type EditedOption,
  editedOptionsOf,
  gridSize,
  MAX_OPTIONS,
  MAX_VARIANTS,
  moved,
  newOption,
  type OptionErrors,
  optionErrorsOf,
  splitValues,
} from './variant-form.js';

/**
 * A product's options (Size, Colour...: up to 3, each with its values in shop order, shown as
 * chips) and "Generate variants", which makes the variant grid on the server. Every control is
 * a button or an input, so it all works from the keyboard; errors stand next to their option.
 */
export function OptionsEditor({ product, onChange }: ProductPanelProps) {
  const { client } = useShop();
  const ids = useId();
  const [options, setOptions] = useState<EditedOption[]>(() => editedOptionsOf(product.options));
  const [errors, setErrors] = useState<OptionErrors>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const focus = useRef<string | null>(null);

  useEffect(() => {
    if (focus.current === null) return;
    document.getElementById(focus.current)?.focus();
    focus.current = null;
  });

  const nameId = (key: number) => `${ids}-${key}-name`;
  const valueId = (key: number) => `${ids}-${key}-value`;
  const size = gridSize(options);

  function edit(key: number, change: (option: EditedOption) => EditedOption) {
    setOptions((now) => now.map((o) => (o.key === key ? change(o) : o)));
    setErrors((now) => {
      if (!(key in now) && !now.form) return now;
      const { [key]: _, form: __, ...rest } = now;
      return rest;
    });
    setResult(null);
  }

  /** Adds what the value box holds ("XS, S, M" is three values); already-present ones are skipped. */
  function addValues(option: EditedOption) {
    const fresh = splitValues(option.draft).filter(
      (v) => !option.values.some((known) => known.toLowerCase() === v.toLowerCase()),
    );
    edit(option.key, (o) => ({ ...o, values: [...o.values, ...fresh], draft: '' }));
  }

  function onValueKey(event: KeyboardEvent<HTMLInputElement>, option: EditedOption) {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      addValues(option);
    }
  }

  function removeValue(option: EditedOption, index: number) {
    edit(option.key, (o) => ({ ...o, values: o.values.filter((_, i) => i !== index) }));
    focus.current = valueId(option.key);
  }

  function moveValue(option: EditedOption, index: number, by: -1 | 1) {
    edit(option.key, (o) => ({ ...o, values: moved(o.values, index, by) }));
    focus.current = `${ids}-${option.key}-chip-${index + by}-${by < 0 ? 'earlier' : 'later'}`;
  }

  function addOption() {
    const option = newOption();
    setOptions((now) => [...now, option]);
    focus.current = nameId(option.key);
    setResult(null);
  }

  function removeOption(index: number) {
    const rest = options.filter((_, i) => i !== index);
    setOptions(rest);
    const next = rest[index] ?? rest[index - 1];
    focus.current = next ? nameId(next.key) : `${ids}-add`;
    setResult(null);
  }

  function moveOption(index: number, by: -1 | 1) {
    setOptions((now) => moved(now, index, by));
    focus.current = `${ids}-${options[index]?.key}-${by < 0 ? 'up' : 'down'}`;
    setResult(null);
  }

  async function generate(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const local = optionErrorsOf(options);
    setErrors(local);
    setResult(null);
    const first = options.find((o) => local[o.key]);
    if (first || local.form) {
      if (first)
        document
          .getElementById(first.name.trim() ? valueId(first.key) : nameId(first.key))
          ?.focus();
      return;
    }
    setBusy(true);
    try {
      const before = new Set(product.variants.filter((v) => !v.archived).map((v) => v.id));
      const updated = await client.admin.setOptions(
        product.id,
        options.map((o) => ({ name: o.name.trim(), values: o.values })),
      );
      onChange(updated);
      setOptions(editedOptionsOf(updated.options));
      const forSale = updated.variants.filter((v) => !v.archived);
      const added = forSale.filter((v) => !before.has(v.id)).length;
      const archived = [...before].filter((id) => !forSale.some((v) => v.id === id)).length;
      setResult({
        ok: true,
        message: `${forSale.length} ${forSale.length === 1 ? 'variant' : 'variants'} for sale: ${added} new, ${archived} archived.`,
      });
    } catch (failure) {
      setErrors(serverErrors(failure, options));
      setResult({ ok: false, message: errorMessage(failure) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Options</h2>
      <p className="panel-note">
        Sizes, colours: each combination of values becomes a variant with its own SKU, price and
        stock. Variants that already exist keep theirs; removed values are archived.
      </p>
      <form className="form" onSubmit={generate} noValidate>
        {options.length === 0 ? (
          <p className="panel-note">No options: the product is sold as it is, in one variant.</p>
        ) : (
          <ol className="specs-editor">
            {options.map((option, index) => {
              const error = errors[option.key];
              return (
                <li key={option.key}>
                  <fieldset
                    className="form-field"
                    aria-describedby={error ? `${ids}-${option.key}-error` : undefined}
                  >
                    <legend>Option {index + 1}</legend>
                    <label htmlFor={nameId(option.key)}>Option name</label>
                    <input
                      id={nameId(option.key)}
                      maxLength={40}
                      placeholder="e.g. Size"
                      value={option.name}
                      aria-invalid={error && !option.name.trim() ? true : undefined}
                      aria-describedby={
                        error && !option.name.trim() ? `${ids}-${option.key}-error` : undefined
                      }
                      onChange={(event) =>
                        edit(option.key, (o) => ({ ...o, name: event.target.value }))
                      }
                    />
                    <p className="field-hint" id={`${ids}-${option.key}-values-label`}>
                      Values, in the order shoppers see them:
                    </p>
                    {option.values.length > 0 && (
                      <ul
                        className="admin-head-actions"
                        aria-labelledby={`${ids}-${option.key}-values-label`}
                      >
                        {option.values.map((value, i) => (
                          <li key={value} className="stock-editor-row">
                            <span className="badge" data-testid="option-value">
                              {value}
                            </span>
                            <button
                              type="button"
                              className="button button-outline button-small"
                              id={`${ids}-${option.key}-chip-${i}-earlier`}
                              disabled={i === 0}
                              onClick={() => moveValue(option, i, -1)}
                            >
                              <span aria-hidden="true">‹</span>
                              <span className="visually-hidden">Move {value} earlier</span>
                            </button>
                            <button
                              type="button"
                              className="button button-outline button-small"
                              id={`${ids}-${option.key}-chip-${i}-later`}
                              disabled={i === option.values.length - 1}
                              onClick={() => moveValue(option, i, 1)}
                            >
                              <span aria-hidden="true">›</span>
                              <span className="visually-hidden">Move {value} later</span>
                            </button>
                            <button
                              type="button"
                              className="button button-outline button-small"
                              onClick={() => removeValue(option, i)}
                            >
                              <span aria-hidden="true">×</span>
                              <span className="visually-hidden">
                                Remove {value} from {option.name || `option ${index + 1}`}
                              </span>
                            </button>
                          </li>
                        ))}
                      </ul>
                    )}
                    <label htmlFor={valueId(option.key)}>
                      Add values<span className="visually-hidden"> to option {index + 1}</span>
                    </label>
                    <div className="stock-editor-row">
                      <input
                        id={valueId(option.key)}
                        maxLength={400}
                        placeholder="e.g. S, M, L"
                        value={option.draft}
                        aria-invalid={error && option.name.trim() ? true : undefined}
                        aria-describedby={[
                          `${valueId(option.key)}-hint`,
                          error && option.name.trim() ? `${ids}-${option.key}-error` : '',
                        ]
                          .filter(Boolean)
                          .join(' ')}
                        onKeyDown={(event) => onValueKey(event, option)}
                        onChange={(event) =>
                          edit(option.key, (o) => ({ ...o, draft: event.target.value }))
                        }
                      />
                      <button
                        type="button"
                        className="button button-outline button-small"
                        disabled={!option.draft.trim()}
                        onClick={() => addValues(option)}
                      >
                        Add<span className="visually-hidden"> values to option {index + 1}</span>
                      </button>
                    </div>
                    <FieldMessages
                      id={valueId(option.key)}
                      hint="Enter or a comma adds a value."
                      error={null}
                    />
                    <FieldMessages id={`${ids}-${option.key}`} error={error} />
                    <div className="stock-editor-row">
                      <button
                        type="button"
                        id={`${ids}-${option.key}-up`}
                        className="button button-outline button-small"
                        disabled={index === 0}
                        onClick={() => moveOption(index, -1)}
                      >
                        Move up<span className="visually-hidden"> option {index + 1}</span>
                      </button>
                      <button
                        type="button"
                        id={`${ids}-${option.key}-down`}
                        className="button button-outline button-small"
                        disabled={index === options.length - 1}
                        onClick={() => moveOption(index, 1)}
                      >
                        Move down<span className="visually-hidden"> option {index + 1}</span>
                      </button>
                      <button
                        type="button"
                        className="button button-outline button-small"
                        onClick={() => removeOption(index)}
                      >
                        Remove option<span className="visually-hidden"> {index + 1}</span>
                      </button>
                    </div>
                  </fieldset>
                </li>
              );
            })}
          </ol>
        )}
        <button
          type="button"
          id={`${ids}-add`}
          className="button button-outline button-small"
          disabled={options.length >= MAX_OPTIONS}
          onClick={addOption}
        >
          <span aria-hidden="true">+</span> Add an option
        </button>
        {errors.form && (
          <p className="field-error" role="alert">
            {errors.form}
          </p>
        )}
        <p className="field-hint">
          {size > MAX_VARIANTS
            ? `That makes ${size} variants: at most ${MAX_VARIANTS} are allowed.`
            : `Makes ${size} ${size === 1 ? 'variant' : 'variants'}.`}
        </p>
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy}>
          {busy ? 'Generating…' : 'Generate variants'}
        </button>
        <p className={`stock-editor-result ${result?.ok ? 'ok' : 'bad'}`} role="status">
          {result?.message}
        </p>
      </form>
    </section>
  );
}

/** The server's 400 names an option by its index (`body/options/1/name`): put it under it. */
function serverErrors(failure: unknown, options: EditedOption[]): OptionErrors {
  if (!(failure instanceof ApiError) || failure.status !== 400) return {};
  const errors: OptionErrors = {};
  for (const detail of failure.details) {
    const [, index, field] = /^body\/options\/(\d+)(?:\/(name|values))?/.exec(detail.path) ?? [];
    const option = index === undefined ? undefined : options[Number(index)];
    // The server's messages follow their field ("has "M" twice"): give them their subject.
    const subject = field === 'name' ? 'The name' : field ? 'This option' : 'These options';
    const text = `${subject} ${detail.message}.`;
    if (option) errors[option.key] ??= text;
    else errors.form ??= text;
  }
  return errors;
}
