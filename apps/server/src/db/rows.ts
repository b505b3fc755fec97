/**
 * The rows of a raw `db.execute` statement. Both drivers answer `{ rows }`, but Drizzle types
 * the result per driver, so the one Db type the server sees cannot say it.
 */
export function resultRows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
