import { HttpError } from '../../lib/errors.js';

/**
 * The keyset cursor: the sort keys and id of the last product of a page, as base64url JSON.
 * Opaque to clients and not signed: it only says where to resume, so a forged one can show
 * nothing a query could not, but it is checked field by field, since its values reach SQL (as
 * parameters) and a value the database cannot cast would otherwise fail the request with a 500.
 */
export type CursorKeys =
  | { sort: 'price_asc' | 'price_desc'; priceCents: number; id: string }
  | { sort: 'name'; name: string; id: string }
  | { sort: 'newest'; createdAt: string; id: string }
  | { sort: 'relevance'; rank: number; createdAt: string; id: string };

export type CursorSort = CursorKeys['sort'];

const MAX_INT4 = 2_147_483_647;
const MAX_TEXT_KEY = 1000;
/**
 * ts_rank_cd values (float4) are far inside these bounds; outside them a value could not even be
 * cast to real (an underflow is an error in PostgreSQL).
 */
const MAX_RANK = 1e6;
const MIN_NONZERO_RANK = 1e-30;
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** An instant to the microsecond, in UTC, as service.ts selects it. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{6})Z$/;

export function encodeCursor(keys: CursorKeys): string {
  const payload =
    keys.sort === 'relevance'
      ? { s: keys.sort, k: [keys.rank, keys.createdAt], i: keys.id }
      : keys.sort === 'name'
        ? { s: keys.sort, k: [keys.name], i: keys.id }
        : keys.sort === 'newest'
          ? { s: keys.sort, k: [keys.createdAt], i: keys.id }
          : { s: keys.sort, k: [keys.priceCents], i: keys.id };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function invalid(): HttpError {
  return new HttpError(
    400,
    'invalid_request',
    'The cursor is not one this listing made (garbled, or from another sort order). ' +
      'Start again from the first page.',
    [{ path: 'querystring/cursor', message: 'is not a cursor of this listing' }],
  );
}

function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  // There is no year 0 in PostgreSQL (1 BC comes before 1 AD).
  if (!match || Number(match[1]) < 1) return false;
  // Round-trips through Date only when every field is in range (no month 13, no Feb 30).
  const millis = `${value.slice(0, 23)}Z`;
  const date = new Date(millis);
  return !Number.isNaN(date.getTime()) && date.toISOString() === millis;
}

function isTextKey(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_TEXT_KEY && !value.includes('\u0000');
}

/** Reads a cursor made by {@link encodeCursor} for `sort`; a 400 invalid_request otherwise. */
export function decodeCursor(cursor: string, sort: CursorSort): CursorKeys {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw invalid();
  const { s, k, i, ...rest } = payload as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || s !== sort || !Array.isArray(k)) throw invalid();
  if (typeof i !== 'string' || i.length > 200 || !ID.test(i)) throw invalid();
  const [first, second, ...more] = k as unknown[];
  if (more.length > 0) throw invalid();
  switch (sort) {
    case 'price_asc':
    case 'price_desc':
      if (second !== undefined || !Number.isSafeInteger(first)) throw invalid();
      if ((first as number) < 0 || (first as number) > MAX_INT4) throw invalid();
      return { sort, priceCents: first as number, id: i };
    case 'name':
      if (second !== undefined || !isTextKey(first)) throw invalid();
      return { sort, name: first, id: i };
    case 'newest':
      if (second !== undefined || !isInstant(first)) throw invalid();
      return { sort, createdAt: first, id: i };
    case 'relevance':
      if (typeof first !== 'number' || !Number.isFinite(first)) throw invalid();
      if (first !== 0 && (first < MIN_NONZERO_RANK || first > MAX_RANK)) throw invalid();
      if (!isInstant(second)) throw invalid();
      return { sort, rank: first, createdAt: second, id: i };
  }
}
