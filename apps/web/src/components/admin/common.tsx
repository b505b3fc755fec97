import { ApiError } from '@ironcart/sdk';
import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage, isNotFound } from '../../format.js';

interface Loaded<T> {
  /** The request these data (or this error) answer, so a stale answer is never taken for current. */
  key: string;
  data?: T;
  error?: unknown;
  /** The last answer to any request. */
  last?: T;
}

export interface Load<T> {
  /** The answer to the current request; undefined while it loads or when it failed. */
  data: T | undefined;
  /** The last answer, possibly to an earlier request: a table keeps it, dimmed, while it loads. */
  last: T | undefined;
  error: unknown;
  loading: boolean;
  retry: () => void;
  /** Replaces the answer (an action's result, e.g. the order after a refund). */
  set: (data: T) => void;
}

/**
 * Loads what `load` answers for `key` (the request: JSON of its query), again when the key
 * changes or on retry. Only the answer to the current key counts.
 */
export function useLoad<T>(key: string, load: () => Promise<T>): Load<T> {
  const [state, setState] = useState<Loaded<T>>({ key: '' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` describes `load`; `attempt` retries
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ key, data, last: data }),
      (error: unknown) => live && setState((now) => ({ key, error, last: now.last })),
    );
    return () => {
      live = false;
    };
  }, [key, attempt]);

  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    last: state.last,
    error: current ? state.error : undefined,
    loading: !current || (state.data === undefined && state.error === undefined),
    retry: () => {
      setState((now) => ({ ...now, key: '' }));
      setAttempt((n) => n + 1);
    },
    set: (data: T) => setState({ key, data, last: data }),
  };
}

export { formatDateTime } from '../../format.js';

/**
 * A 400's field errors by field: `body/title` is `title`, `body/specs/2/name` is `specs`
 * (the first message for a field wins).
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  return pathErrorsOf(error, (parts) => parts[0]);
}

/**
 * A 400's field errors by the form's own field keys: `keyOf` names the field a path (without
 * `body`, e.g. ["methods", "0", "bands"]) is shown at, or undefined for none (the first
 * message for a field wins).
 */
export function pathErrorsOf(
  error: unknown,
  keyOf: (parts: string[]) => string | undefined,
): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!(error instanceof ApiError) || error.status !== 400) return fields;
  for (const detail of error.details) {
    const parts = detail.path.split('/').filter(Boolean);
    if (parts[0] === 'body' || parts[0] === 'querystring') parts.shift();
    const field = keyOf(parts);
    if (field && !(field in fields)) fields[field] = sentence(detail.message);
  }
  return fields;
}

/**
 * A form with one text field (a dialog's reason, a new API client's name): a check of its own
 * first, then the request. A problem with the field (the check's, or the server's 400 for
 * `field`) goes under the field, which takes the focus; any other failure goes above the form.
 */
export function useOneFieldSubmit(
  field: string,
  input: RefObject<HTMLInputElement | HTMLTextAreaElement | null>,
) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);

  /** `problem`: what the form's own check found, or null; `send`: the request. */
  async function submit(problem: string | null, send: () => Promise<void>): Promise<void> {
    if (busy) return;
    if (problem) {
      setFieldError(problem);
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      await send();
    } catch (failure) {
      const refused = fieldErrorsOf(failure)[field];
      if (refused) {
        setFieldError(refused);
        input.current?.focus();
      } else setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  /** Clears both messages (a dialog opening afresh). */
  function reset(): void {
    setError(null);
    setFieldError(null);
  }

  return { busy, error, fieldError, setFieldError, submit, reset };
}

function sentence(message: string): string {
  const text = message.trim();
  if (!text) return 'Please check this field.';
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The ids an input's aria-describedby names: its hint and its error, when shown. */
export function describedBy(
  id: string,
  hint: unknown,
  error: string | null | undefined,
): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** A failed load: the message and "Try again". */
export function LoadError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <div className="notice notice-error" role="alert">
      <p>{errorMessage(error)}</p>
      <button type="button" className="button" onClick={retry}>
        Try again
      </button>
    </div>
  );
}

/**
 * What an admin detail page shows until its record has loaded: the "not found" page (with a way
 * back to the list), a load error with a retry, or a skeleton in the page's own layout.
 */
export function DetailFallback({
  load,
  noun,
  missing,
  listTo,
  listLabel,
  layoutClass,
}: {
  load: Pick<Load<unknown>, 'error' | 'retry'>;
  /** "order", "product". */
  noun: string;
  /** Why it may be missing, under the heading. */
  missing: string;
  listTo: string;
  listLabel: string;
  /** The class of the page's main grid, so the skeleton has its shape. */
  layoutClass: string;
}) {
  const title = noun.charAt(0).toUpperCase() + noun.slice(1);
  if (load.error !== undefined) {
    if (isNotFound(load.error)) {
      return (
        <div className="empty">
          <h1>We could not find this {noun}</h1>
          <p>{missing}</p>
          <Link to={listTo} className="button button-primary">
            {listLabel}
          </Link>
        </div>
      );
    }
    return (
      <>
        <AdminHead title={title} />
        <LoadError error={load.error} retry={load.retry} />
      </>
    );
  }
  return (
    <div aria-busy="true">
      <p className="visually-hidden">Loading the {noun}…</p>
      <div className="skeleton skeleton-title" />
      <div className={layoutClass}>
        <div className="skeleton skeleton-block" />
        <div className="skeleton skeleton-block" />
      </div>
    </div>
  );
}

/** An admin page's title row: the heading, what it is about, and its main action. */
export function AdminHead({
  title,
  lead,
  children,
}: {
  title: ReactNode;
  lead?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className="admin-head">
      <div>
        <h1>{title}</h1>
        {lead && <p className="admin-lead">{lead}</p>}
      </div>
      {children && <div className="admin-head-actions">{children}</div>}
    </div>
  );
}

/**
 * What the admin just did, said where they can read it. It takes the focus when it appears, so
 * a keyboard user is not left on the page's body when the panel or dialog they were in goes away.
 */
export function DoneNotice({ message }: { message: string | null }) {
  const notice = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (message) notice.current?.focus();
  }, [message]);
  if (!message) return null;
  return (
    <p ref={notice} tabIndex={-1} className="notice notice-success admin-done" role="status">
      {message}
    </p>
  );
}
