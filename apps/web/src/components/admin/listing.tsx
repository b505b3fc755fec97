import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type Load, LoadError, useLoad } from './common.js';

/**
 * The admin's list pages (products, orders, activity): filters kept in the address, a table
 * with its loading, empty and failed states, and pages of {@link PAGE_SIZE} rows.
 */

/** How many rows an admin table shows per page. */
export const PAGE_SIZE = 20;

/** One page of a list, as the admin API answers it. */
interface PageOf<T> {
  items: readonly T[];
  page: number;
  pageSize: number;
  total: number;
}

/** A list page's state: its query (from the address), its load, and ways to change both. */
export interface Listing<Q, P> {
  query: Q;
  load: Load<P>;
  /** Sets (or, empty, removes) one parameter of the address; any filter change goes to page 1. */
  setParam: (name: string, value: string | null | undefined) => void;
  /** Drops every filter (and the page). */
  reset: () => void;
  setPage: (page: number) => void;
}

/**
 * The list that the address asks for: `queryFrom` reads the query from its parameters (start
 * from {@link pagingFrom}), `fetchPage` asks the server; a new query loads again.
 */
export function useListing<Q, P>(
  queryFrom: (params: URLSearchParams) => Q,
  fetchPage: (query: Q) => Promise<P>,
): Listing<Q, P> {
  const [params, setParams] = useSearchParams();
  const query = queryFrom(params);
  const load = useLoad<P>(JSON.stringify(query), () => fetchPage(query));
  return {
    query,
    load,
    setParam: (name, value) => setParams(withParam(params, name, value)),
    reset: () => setParams({}),
    setPage: (page) => setParams(withParam(params, 'page', String(page))),
  };
}

/** The page the address asks for, {@link PAGE_SIZE} rows long: where a list query starts. */
export function pagingFrom(params: URLSearchParams): { page: number; pageSize: number } {
  return { page: pageFrom(params), pageSize: PAGE_SIZE };
}

/**
 * A list's table and its pager; placeholder rows while the first page loads (later pages keep
 * the last one, dimmed), the error with "Try again", or `empty` when there are no rows.
 */
export function ListingTable<P extends PageOf<unknown>>({
  listing: { load, setPage },
  loadingLabel,
  empty,
  caption,
  columns,
  what,
  row,
}: {
  listing: Pick<Listing<unknown, P>, 'load' | 'setPage'>;
  /** What the placeholder says to a screen reader, e.g. "Loading products" (an ellipsis follows). */
  loadingLabel: string;
  /** What an empty list shows, e.g. a heading, a sentence and a way out. */
  empty: ReactNode;
  /** The table's (visually hidden) caption. */
  caption: string;
  /** The header row's cells. */
  columns: ReactNode;
  /** What the rows are, plural, for the pager: "Showing 1–20 of 93 products". */
  what: string;
  /** One item's row (with its key). */
  row: (item: P['items'][number]) => ReactNode;
}) {
  const shown = load.data ?? load.last;
  if (load.error !== undefined) return <LoadError error={load.error} retry={load.retry} />;
  if (!shown) return <TableSkeleton label={loadingLabel} />;
  if (shown.items.length === 0 && !load.loading) return <div className="empty">{empty}</div>;
  return (
    <>
      <div className="panel admin-table" aria-busy={load.loading}>
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>{columns}</tr>
          </thead>
          <tbody>{shown.items.map(row)}</tbody>
        </table>
      </div>
      <Pager
        page={shown.page}
        pageSize={shown.pageSize}
        total={shown.total}
        what={what}
        onPage={setPage}
      />
    </>
  );
}

/** The empty state when filters leave nothing: what matched none, a hint, "Reset filters". */
export function NoMatches({
  what,
  hint,
  onReset,
}: {
  what: string;
  hint: string;
  onReset: () => void;
}) {
  return (
    <>
      <h2>No {what} match these filters</h2>
      <p>{hint}</p>
      <button type="button" className="button" onClick={onReset}>
        Reset filters
      </button>
    </>
  );
}

/**
 * A list's search box with its Find button. It shows `value` (the address's words) and
 * what the admin types since; Find hands over the words, trimmed.
 */
export function SearchFilter({
  label,
  placeholder,
  value,
  onSearch,
}: {
  label: string;
  placeholder: string;
  value: string;
  onSearch: (words: string) => void;
}) {
  const id = useId();
  const [words, setWords] = useState(value);
  useEffect(() => setWords(value), [value]);

  function search(event: FormEvent) {
    event.preventDefault();
    onSearch(words.trim());
  }

  return (
    <search className="admin-search">
      <form onSubmit={search}>
        <label htmlFor={id}>{label}</label>
        <div className="admin-search-row">
          <input
            id={id}
            type="search"
            placeholder={placeholder}
            maxLength={200}
            value={words}
            onChange={(event) => setWords(event.target.value)}
          />
          <button type="submit" className="button">
            Find
          </button>
        </div>
      </form>
    </search>
  );
}

/** A list filter that is a choice of values; `anyLabel` adds a first option for all (""). */
export function SelectFilter({
  label,
  value,
  options,
  anyLabel,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  anyLabel?: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {anyLabel !== undefined && <option value="">{anyLabel}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Placeholder rows while a table loads. */
export function TableSkeleton({ rows = 6, label }: { rows?: number; label: string }) {
  return (
    <div className="panel admin-skeleton" aria-busy="true">
      <p className="visually-hidden">{label}…</p>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={i} className="skeleton skeleton-row" />
      ))}
    </div>
  );
}

/** "Showing 21–40 of 93", and Previous / Next. */
export function Pager({
  page,
  pageSize,
  total,
  onPage,
  what,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  what: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav className="pager" aria-label={`Pages of ${what}`}>
      <p className="pager-count" aria-live="polite">
        {total === 0 ? `No ${what}` : `Showing ${first}–${last} of ${total} ${what}`}
      </p>
      {pages > 1 && (
        <div className="pager-buttons">
          <button
            type="button"
            className="button button-outline button-small"
            disabled={page <= 1}
            onClick={() => onPage(page - 1)}
          >
            <span aria-hidden="true">←</span> Previous
          </button>
          <span className="pager-page">
            Page {page} of {pages}
          </span>
          <button
            type="button"
            className="button button-outline button-small"
            disabled={page >= pages}
            onClick={() => onPage(page + 1)}
          >
            Next <span aria-hidden="true">→</span>
          </button>
        </div>
      )}
    </nav>
  );
}

/** The page number in the URL (1 when missing or malformed). */
export function pageFrom(params: URLSearchParams): number {
  const page = Number(params.get('page'));
  return Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1;
}

/** Copies the URL's parameters with one changed (or removed); any filter change goes to page 1. */
export function withParam(
  params: URLSearchParams,
  name: string,
  value: string | null | undefined,
): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(name, value);
  else next.delete(name);
  if (name !== 'page') next.delete('page');
  return next;
}
