import { useId, useRef } from 'react';
import './variants.css';

/** Chest measurements of the shop's apparel sizes (unisex fit). */
const APPAREL = [
  ['XS', '81–86'],
  ['S', '86–91'],
  ['M', '91–97'],
  ['L', '97–104'],
  ['XL', '104–112'],
  ['2XL', '112–120'],
  ['3XL', '120–128'],
] as const;

/** UK sizes of adult footwear with their EU and US (men's) sizes and the foot length. */
const FOOTWEAR = [
  ['6', '40', '7', '25'],
  ['6.5', '40.5', '7.5', '25.5'],
  ['7', '41', '8', '26'],
  ['7.5', '42', '8.5', '26.5'],
  ['8', '42.5', '9', '27'],
  ['8.5', '43', '9.5', '27.5'],
  ['9', '44', '10', '28'],
  ['9.5', '44.5', '10.5', '28.5'],
  ['10', '45', '11', '29'],
  ['10.5', '45.5', '11.5', '29.5'],
  ['11', '46', '12', '30'],
  ['11.5', '47', '12.5', '30.5'],
  ['12', '47.5', '13', '31'],
] as const;

/** The sizes the catalog filters by, in groups, as the products' Size values spell them. */
export const SIZE_FILTERS: { label: string; sizes: string[] }[] = [
  { label: 'Clothing', sizes: APPAREL.map(([size]) => size) },
  { label: 'Footwear', sizes: FOOTWEAR.map(([uk]) => `UK ${uk}`) },
];

const APPAREL_SIZES = new Set<string>(APPAREL.map(([size]) => size));

/**
 * Which guide a product's Size values call for: footwear when they are shoe sizes ("UK 9",
 * "US M10", "Kids UK 11"), apparel when they are XS–3XL, none otherwise (a swim jammer's
 * waist in inches has no chest to measure).
 */
export function sizeGuideKind(sizes: readonly string[]): 'apparel' | 'footwear' | null {
  if (sizes.length === 0) return null;
  if (sizes.every((size) => /\b(UK|EU|US)\b/i.test(size))) return 'footwear';
  if (sizes.every((size) => APPAREL_SIZES.has(size))) return 'apparel';
  return null;
}

/**
 * The "Size guide" button and its dialog: a native modal dialog, so focus stays in it while it
 * is open, Escape closes it and focus goes back to the button.
 */
export function SizeGuide({ kind }: { kind: 'apparel' | 'footwear' }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const footwear = kind === 'footwear';
  return (
    <>
      <button
        type="button"
        className="link-button size-guide-button"
        aria-haspopup="dialog"
        onClick={() => dialog.current?.showModal()}
      >
        Size guide
      </button>
      <dialog ref={dialog} className="size-guide" aria-labelledby={titleId}>
        <div className="size-guide-head">
          <h2 id={titleId}>{footwear ? 'Footwear size guide' : 'Size guide'}</h2>
          <button type="button" className="button" onClick={() => dialog.current?.close()}>
            Close
          </button>
        </div>
        {footwear ? (
          <table>
            <caption>Men's sizes; measure your foot from heel to longest toe.</caption>
            <thead>
              <tr>
                <th scope="col">UK</th>
                <th scope="col">EU</th>
                <th scope="col">US</th>
                <th scope="col">Foot (cm)</th>
              </tr>
            </thead>
            <tbody>
              {FOOTWEAR.map(([uk, eu, us, cm]) => (
                <tr key={uk}>
                  <th scope="row">{uk}</th>
                  <td>{eu}</td>
                  <td>{us}</td>
                  <td>{cm}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <table>
            <caption>Tops and jerseys: measure around the fullest part of your chest.</caption>
            <thead>
              <tr>
                <th scope="col">Size</th>
                <th scope="col">Chest (cm)</th>
              </tr>
            </thead>
            <tbody>
              {APPAREL.map(([size, chest]) => (
                <tr key={size}>
                  <th scope="row">{size}</th>
                  <td>{chest}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </dialog>
    </>
  );
}
