import { useRef, useState } from 'react';
import { errorMessage } from '../../format.js';
import { useShop } from '../../shop.js';
import { describedBy } from './common.js';

/** A product image: uploaded (`name` to save with the product) or the product's current one. */
export interface ImageValue {
  /** The uploaded file's name; null for the image the product already has. */
  name: string | null;
  url: string;
  width: number;
  height: number;
}

export const ACCEPTED_IMAGES = 'image/png,image/jpeg,image/webp';

/** A local preview of a chosen file: a data: URL (the page's CSP allows data: images, not blob:). */
function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/**
 * Choose a file: it shows at once (a local preview) and uploads straight away; the server
 * checks and re-encodes it and answers the stored image, which then replaces the preview.
 * Refusals (not an image, SVG, too large) are shown under the field.
 */
export function ImageField({
  id,
  title,
  value,
  onChange,
  onBusy,
  hint,
  error: outerError,
}: {
  id: string;
  title: string;
  value: ImageValue | null;
  onChange: (value: ImageValue | null) => void;
  onBusy: (busy: boolean) => void;
  hint: string;
  error?: string | undefined;
}) {
  const { client } = useShop();
  const fileInput = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string>('');
  const upload = useRef(0);

  async function choose(file: File | undefined) {
    if (!file) return;
    const mine = ++upload.current;
    setError(null);
    setBusy(true);
    onBusy(true);
    setStatus(`Uploading ${file.name}…`);
    try {
      setPreview(await readAsDataUrl(file).catch(() => null));
      const bytes = new Uint8Array(await file.arrayBuffer());
      const uploaded = await client.admin.uploadImage(bytes, file.type);
      if (mine !== upload.current) return;
      onChange(uploaded);
      setStatus(`${file.name} uploaded (${uploaded.width} × ${uploaded.height}).`);
    } catch (failure) {
      if (mine !== upload.current) return;
      setError(errorMessage(failure));
      setStatus('');
    } finally {
      if (mine === upload.current) {
        setPreview(null);
        setBusy(false);
        onBusy(false);
        if (fileInput.current) fileInput.current.value = '';
      }
    }
  }

  const shownError = error ?? outerError;
  const src = preview ?? value?.url ?? null;
  return (
    <div className="image-field">
      <div className={`image-preview${busy ? ' is-busy' : ''}`} data-testid="image-preview">
        {src ? (
          <img
            src={src}
            alt={title ? `Image of ${title}` : 'Product image'}
            width={value && !preview ? value.width : undefined}
            height={value && !preview ? value.height : undefined}
          />
        ) : (
          <div className="image-empty">
            <svg aria-hidden="true" viewBox="0 0 24 24" width="40" height="40">
              <path d="M4 5h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1Zm1 2v9.6l4-4 3 3 2-2 4 4V7H5Zm10.5 1.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Z" />
            </svg>
            <span>No image yet</span>
          </div>
        )}
        {busy && (
          <div className="image-progress">
            <progress aria-label="Uploading the image" />
          </div>
        )}
      </div>
      <div className="form-field">
        <label htmlFor={id}>{value ? 'Replace the image' : 'Choose an image'}</label>
        <input
          ref={fileInput}
          id={id}
          type="file"
          accept={ACCEPTED_IMAGES}
          disabled={busy}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={describedBy(id, hint, shownError)}
          onChange={(event) => void choose(event.target.files?.[0])}
        />
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
        {shownError && (
          <p id={`${id}-error`} className="field-error" role="alert">
            {shownError}
          </p>
        )}
      </div>
      <p className="image-status" role="status">
        {status}
      </p>
      {value && !busy && (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            onChange(null);
            setStatus('Image removed. Save to apply.');
          }}
        >
          Remove the image
        </button>
      )}
    </div>
  );
}
