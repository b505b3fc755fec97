import './variants.css';

/** "Portugal Home Jersey, Size M": a line's name apart from other sizes of the product. */
export const variantName = (title: string, label: string) => (label ? `${title}, ${label}` : title);

/**
 * Under a line's title: which variant it is ("Size M · Colour Navy", nothing without options)
 * and its SKU, what the warehouse picks by. Cart, checkout and order pages show it alike.
 */
export function VariantDetails({ label, sku }: { label: string; sku: string }) {
  return (
    <span className="variant-details">
      {label && <span className="variant-label">{label}</span>}
      <span className="variant-sku">SKU {sku}</span>
    </span>
  );
}
