import { HttpError } from './errors.js';

/**
 * The one way a route hands out an object that belongs to someone: a row that is missing, or
 * that belongs to another owner, is the same 404. So guessing ids reveals nothing, and a route
 * that forgets the check cannot happen by writing `findOwned(...)` instead of a bare lookup.
 */
export function requireOwned<T extends { ownerId: string | null }>(
  row: T | undefined,
  ownerId: string | null | undefined,
  what: string,
): T {
  if (!row || ownerId == null || row.ownerId !== ownerId) {
    throw new HttpError(404, 'not_found', `There is no such ${what}.`);
  }
  return row;
}
