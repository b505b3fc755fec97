/**
 * The goals of issue 16, printed next to the figures they are about. A goal is a target, not a
 * test: the report says it and leaves the reading to whoever looks (ratios move between runs).
 */
export const GOALS = {
  /** Tunnelled / plaintext requests/s on the same route. */
  tunnelledOverPlaintext: 0.7,
  /** Catalog list of 24 through the channel / bare Fastify, requests/s. */
  listOverBare: 0.2,
  /** Product page through the channel / bare Fastify, requests/s. */
  productOverBare: 0.3,
  /** Handshakes / raw RSA-OAEP decryptions. */
  handshakesOverDecryptions: 0.8,
  /** Paid checkouts/s, 100 buyers on PostgreSQL, the default test gateway latency. */
  checkoutsPerSecond: 250,
  /** The same with the gateway's latency at 0. */
  checkoutsPerSecondNoLatency: 500,
  /** Checkout p99, ms. */
  checkoutP99Ms: 400,
  /** SQL statements per paid checkout. */
  statementsPerCheckout: 12,
  /** The embedded (PGlite) server's idle RSS, MiB. */
  embeddedIdleMiB: 350,
} as const;

export const atLeast = (value: number) => `≥ ${value}×`;
