import fc from 'fast-check';
import { hostileText, hostileValue, rawBodies } from './hostile.js';
import type { Parameter, Route, Schema } from './routes.js';

/**
 * Schema-driven requests: values that nearly satisfy a route's OpenAPI schema, then mutated
 * (a field of the wrong type or hostile, a required one missing, an unknown one added), so that
 * most requests pass the outer checks and reach validation, the handlers and the database.
 */

/** Real ids to put in path and body fields, so valid-ish requests hit existing rows. */
export interface KnownIds {
  products: string[];
  categories: string[];
  orders: string[];
}

const MAX_GENERATED_LENGTH = 60;

/** A value that satisfies `schema` (or nearly: patterns and formats are matched, not proven). */
export function validish(schema: Schema, known: KnownIds, name = ''): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => validish(s, known, name)));
  switch (schema.type) {
    case 'integer':
    case 'number':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1_000, -1_000_000),
        max: Math.min(schema.maximum ?? 1_000, 1_000_000),
      });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validish(schema.items ?? {}, known, name), {
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case 'object':
      return objectOf(schema, known);
    default:
      return stringFor(schema, known, name);
  }
}

function stringFor(schema: Schema, known: KnownIds, name: string): fc.Arbitrary<string> {
  const references = knownFor(name, known);
  if (schema.format === 'uuid') return fc.oneof(fc.uuid(), ...references);
  if (schema.format === 'date') {
    return fc
      .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10));
  }
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, MAX_GENERATED_LENGTH));
  const generated = schema.pattern
    ? fc
        .stringMatching(new RegExp(schema.pattern))
        .filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity))
    : fc.string({ minLength, maxLength });
  return fc.oneof(generated, ...references);
}

/** Field names the API uses for references to existing rows. */
function knownFor(name: string, known: KnownIds): fc.Arbitrary<string>[] {
  const pool = /order|^id$/i.test(name)
    ? [...known.orders, ...known.products]
    : /product|^id$/i.test(name)
      ? known.products
      : /categor/i.test(name)
        ? known.categories
        : [];
  return pool.length > 0 ? [fc.constantFrom(...pool)] : [];
}

function objectOf(schema: Schema, known: KnownIds): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const model = Object.fromEntries(
    Object.entries(properties).map(([key, property]) => [key, validish(property, known, key)]),
  );
  return fc.record(model, { requiredKeys: schema.required ?? [] });
}

/** Breaks one thing about a valid-ish object, as a careless or hostile client would. */
function mutated(schema: Schema, known: KnownIds): fc.Arbitrary<unknown> {
  const keys = Object.keys(schema.properties ?? {});
  const base = objectOf(schema, known);
  if (keys.length === 0) return fc.oneof(base, hostileValue);
  const key = fc.constantFrom(...keys);
  return fc.oneof(
    // One field of the wrong type, out of range, or an attack string.
    fc.tuple(base, key, hostileValue).map(([object, k, value]) => ({ ...object, [k]: value })),
    // A required field missing.
    fc.tuple(base, key).map(([object, k]) => {
      const { [k]: _dropped, ...rest } = object;
      return rest;
    }),
    // An unknown field, including the classic prototype-pollution keys.
    fc
      .tuple(
        base,
        fc.constantFrom('extra', 'role', 'isAdmin', 'priceCents', 'userId'),
        hostileValue,
      )
      .map(([object, k, value]) => ({ ...object, [k]: value })),
    base.map((object) =>
      JSON.parse(`{"__proto__":{"admin":true},${JSON.stringify(object).slice(1)}`),
    ),
    // Not an object at all.
    hostileValue,
  );
}

/** What to send: a JSON value, or raw bytes under a content type of the generator's choice. */
export type Body = { json: unknown } | { raw: string | Buffer; contentType: string } | undefined;

export interface GeneratedRequest {
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Body;
}

function parameterValue(parameter: Parameter, known: KnownIds): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: validish(parameter.schema, known, parameter.name).map(String) },
    { weight: 2, arbitrary: hostileText },
  );
}

/** Puts path parameters in, percent-encoded: the router must get the hostile text back. */
function fillPath(route: Route, values: Record<string, string>): string {
  // The CORS preflight route is the bare `*`: its generated text still needs a leading slash.
  const path = route.path === '*' ? '/*' : route.path;
  return path.replace(/:(\w+)|\*/g, (_all, name?: string) =>
    percentEncode(values[name ?? '*'] ?? 'x'),
  );
}

/** encodeURIComponent, except that lone surrogates become U+FFFD instead of throwing. */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** A request for `route`: valid-ish parameters and body, with mutations. */
export function requestFor(
  route: Route,
  known: KnownIds,
  bodyLimit: number,
): fc.Arbitrary<GeneratedRequest> {
  const pathNames = [...route.path.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*');
  const pathParameters = fc.record(
    Object.fromEntries(
      pathNames.map((name) => [
        name,
        parameterValue(
          route.parameters.find((p) => p.name === name) ?? {
            name,
            in: 'path',
            schema: { type: 'string' },
          },
          known,
        ),
      ]),
    ),
  );
  const queryParameters = route.parameters.filter((p) => p.in === 'query');
  const query = fc
    .tuple(
      fc.record(
        Object.fromEntries(queryParameters.map((p) => [p.name, parameterValue(p, known)])),
        { requiredKeys: [] },
      ),
      // Unknown parameters are refused by the API: make sure they are refused cleanly.
      fc.option(fc.tuple(fc.constantFrom('token', 'extra', '__proto__', 'q[]'), hostileText)),
    )
    .map(([values, extra]) => (extra ? { ...values, [extra[0]]: extra[1] } : values));
  const headerParameters = route.parameters.filter((p) => p.in === 'header');
  const headers = fc.record(
    Object.fromEntries(
      headerParameters.map((p) => [
        p.name,
        fc.oneof(validish(p.schema, known).map(String), fc.string({ maxLength: 300 })),
      ]),
    ),
    { requiredKeys: [] },
  );
  const body: fc.Arbitrary<Body> = route.body
    ? fc.oneof(
        { weight: 2, arbitrary: validish(route.body, known).map((json) => ({ json })) },
        { weight: 4, arbitrary: mutated(route.body, known).map((json) => ({ json })) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(rawBodies(bodyLimit), fc.constantFrom('application/json', 'text/plain'))
            .map(([raw, contentType]) => ({ raw, contentType })),
        },
      )
    : fc.option(
        hostileValue.map((json) => ({ json })),
        { nil: undefined },
      );
  return fc
    .record({ values: pathParameters, query, headers, body })
    .map(({ values, query, headers, body }) => ({
      path: fillPath(route, values),
      query: query as Record<string, string>,
      headers: headers as Record<string, string>,
      body,
    }));
}

/** `path?query`, percent-encoded as a client library would. */
export function urlOf(request: Pick<GeneratedRequest, 'path' | 'query'>): string {
  const search = new URLSearchParams(request.query).toString();
  return search ? `${request.path}?${search}` : request.path;
}
