import type { ProductDetail } from '@ironcart/server/api';
import { type ReactNode, type Ref, useId } from 'react';
import { type Choice, valueState } from './variant-choice.js';
import './variants.css';

/** "Choose a size", "Choose a colour": what the shopper still has to pick. */
export const chooseMessage = (optionName: string) => `Choose a ${optionName.toLowerCase()}`;

/**
 * One radio group per option (a fieldset whose legend is the option's name, real radio inputs,
 * so the arrow keys move between values and skip the disabled ones). A value that is sold out
 * with the other picks is struck through, says "sold out" to screen readers and cannot be
 * picked; a value whose variant is low shows how many are left.
 */
export function OptionPicker({
  product,
  choice,
  onPick,
  missing,
  groupRef,
  extra,
}: {
  product: Pick<ProductDetail, 'options' | 'variants'>;
  choice: Choice;
  onPick: (option: number, value: string) => void;
  /** The option the shopper was told to pick ("Choose a size"), or -1. */
  missing: number;
  /** Gets each group's fieldset, so the page can move focus to the one still to pick. */
  groupRef: (option: number) => Ref<HTMLFieldSetElement>;
  /** What follows an option's values (the Size option's size guide). */
  extra?: (option: number) => ReactNode;
}) {
  const ids = useId();
  return (
    <div className="option-picker">
      {product.options.map((option, i) => {
        const errorId = `${ids}-${i}-error`;
        return (
          <fieldset
            key={option.name}
            ref={groupRef(i)}
            className={`option-group${missing === i ? ' option-group-missing' : ''}`}
            aria-describedby={missing === i ? errorId : undefined}
          >
            <legend className="option-legend">
              {option.name}
              {choice[i] !== null && <span className="option-picked">: {choice[i]}</span>}
            </legend>
            <div className="option-values">
              {option.values.map((value) => {
                const state = valueState(product, choice, i, value);
                const low = state.variant?.stock.state === 'low' ? state.variant.stock : null;
                return (
                  <label
                    key={value}
                    className={`option-value${state.selectable ? '' : ' option-value-out'}`}
                  >
                    <input
                      type="radio"
                      name={`${ids}-${i}`}
                      value={value}
                      checked={choice[i] === value}
                      disabled={!state.selectable}
                      onChange={() => onPick(i, value)}
                    />
                    <span className="option-chip">
                      {value}
                      {!state.selectable && (
                        <span className="visually-hidden">
                          , {state.offered ? 'sold out' : 'not available'}
                        </span>
                      )}
                    </span>
                    {low && (
                      <span className="option-note">
                        <span className="visually-hidden">, </span>Only {low.available} left
                      </span>
                    )}
                  </label>
                );
              })}
            </div>
            {extra?.(i)}
            <p id={errorId} className="option-error" aria-live="polite">
              {missing === i ? chooseMessage(option.name) : ''}
            </p>
          </fieldset>
        );
      })}
    </div>
  );
}
