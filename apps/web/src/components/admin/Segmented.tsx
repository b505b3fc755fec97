import { useId } from 'react';

/**
 * A choice of a few options shown as joined buttons (radio buttons underneath): the admin's
 * sales period, the stock panel's "set" or "add or remove". `legend` names the choice for
 * screen readers; `className` adds to "segmented".
 */
export function Segmented<V extends string | number>({
  legend,
  options,
  value,
  onChange,
  className,
}: {
  legend: string;
  options: readonly { value: V; label: string }[];
  value: V;
  onChange: (value: V) => void;
  className?: string;
}) {
  const name = useId();
  return (
    <fieldset className={className ? `segmented ${className}` : 'segmented'}>
      <legend className="visually-hidden">{legend}</legend>
      {options.map((option) => (
        <label key={option.value}>
          <input
            type="radio"
            name={name}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
