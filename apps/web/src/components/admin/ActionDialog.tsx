import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { describedBy, useOneFieldSubmit } from './common.js';

/**
 * A modal confirmation (the native <dialog>: focus stays inside, Escape cancels), optionally
 * asking for a reason. Focus goes to the reason (or to Cancel) when it opens, and back to the
 * button that opened it when it closes. The action's error is shown inside; on success the
 * caller closes it.
 */
export function ActionDialog({
  open,
  title,
  children,
  confirmLabel,
  pendingLabel,
  danger = false,
  reason,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  danger?: boolean;
  /**
   * Ask for a reason (kept in the audit log): its label and first value; `field` is the body
   * field the server names in its errors (default `reason`), `tooShort` what an answer under
   * 3 characters is told.
   */
  reason?: { label: string; initial?: string; hint?: string; field?: string; tooShort?: string };
  onConfirm: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const ids = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(null);
  const [text, setText] = useState(reason?.initial ?? '');
  const {
    busy,
    error,
    fieldError,
    setFieldError,
    submit: send,
    reset,
  } = useOneFieldSubmit(reason?.field ?? 'reason', input);

  // biome-ignore lint/correctness/useExhaustiveDependencies: opens and closes with `open` only
  useEffect(() => {
    const box = dialog.current;
    if (!box) return;
    if (open && !box.open) {
      opener.current = document.activeElement;
      setText(reason?.initial ?? '');
      reset();
      box.showModal();
      (input.current ?? cancel.current)?.focus();
    } else if (!open && box.open) {
      box.close();
    }
    if (!open && opener.current instanceof HTMLElement) {
      const back = opener.current;
      opener.current = null;
      // The opener may be gone (a Refund button once the order is refunded).
      if (back.isConnected) back.focus();
    }
  }, [open]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const why = text.trim();
    const tooShort =
      reason && why.length < 3
        ? (reason.tooShort ?? 'Please give a reason of at least 3 characters.')
        : null;
    await send(tooShort, () => onConfirm(why));
  }

  const reasonId = `${ids}-reason`;
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={`${ids}-title`}
      onCancel={(event) => {
        // Escape: not while the action is under way.
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form onSubmit={submit} className="dialog-form" noValidate>
        <h2 id={`${ids}-title`}>{title}</h2>
        {children && <div className="dialog-body">{children}</div>}
        {reason && (
          <div className="form-field">
            <label htmlFor={reasonId}>{reason.label}</label>
            <textarea
              id={reasonId}
              ref={input}
              rows={3}
              maxLength={200}
              required
              value={text}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={describedBy(reasonId, reason.hint, fieldError)}
              onChange={(event) => {
                setText(event.target.value);
                setFieldError(null);
              }}
            />
            {reason.hint && (
              <p id={`${reasonId}-hint`} className="field-hint">
                {reason.hint}
              </p>
            )}
            {fieldError && (
              <p id={`${reasonId}-error`} className="field-error">
                {fieldError}
              </p>
            )}
          </div>
        )}
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button
            type="button"
            ref={cancel}
            className="button button-outline"
            disabled={busy}
            onClick={onClose}
          >
            Cancel
          </button>
          <button
            type="submit"
            className={`button ${danger ? 'button-danger' : 'button-primary'}`}
            disabled={busy}
            aria-busy={busy}
          >
            {busy ? pendingLabel : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
