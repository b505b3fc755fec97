import type { App } from '../app.js';

/** A JSON Schema as the OpenAPI document carries it (the subset the generators read). */
export interface Schema {
  type?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}

/** One method of one path, with the schemas the OpenAPI document gives it. */
export interface Route {
  method: string;
  /** Fastify's form: `/api/v1/products/:id`. */
  path: string;
  parameters: Parameter[];
  body: Schema | undefined;
}

interface OpenApiOperation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

/**
 * Every route the OpenAPI document describes. `app.swagger()` is the whole document, admin
 * routes included; only the public copy served at /docs leaves them out (lib/api-docs.ts).
 */
export function documentedRoutes(app: App): Route[] {
  const spec = app.swagger() as { paths: Record<string, Record<string, OpenApiOperation>> };
  return Object.entries(spec.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path: path.replace(/\{(\w+)\}/g, ':$1'),
      parameters: operation.parameters ?? [],
      body: operation.requestBody?.content?.['application/json']?.schema,
    })),
  );
}

/**
 * Every route Fastify has, read back from `printRoutes()`: it also lists what swagger hides
 * (the /docs pages, the CORS preflight). Each tree line is `<indent>├── <segment> (METHODS)`,
 * four characters of indent per level, and a segment continues its parent's path.
 */
export function registeredRoutes(app: App): { method: string; path: string }[] {
  const prefixes: string[] = [];
  const routes: { method: string; path: string }[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const path = (prefixes[depth - 1] ?? '') + (match[2] ?? '');
    prefixes[depth] = path;
    prefixes.length = depth + 1;
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) {
      routes.push({ method, path });
    }
  }
  return routes;
}

/**
 * All routes to fuzz: the documented ones with their schemas, plus the undocumented ones with
 * none. HEAD is Fastify's automatic twin of GET and shares its handler, so it is fuzzed through
 * the generic plaintext requests only.
 */
export function allRoutes(app: App): Route[] {
  const documented = documentedRoutes(app);
  const known = new Set(documented.map((route) => `${route.method} ${route.path}`));
  const hidden = registeredRoutes(app)
    .filter((route) => route.method !== 'HEAD' && !known.has(`${route.method} ${route.path}`))
    .map((route) => ({ ...route, parameters: [], body: undefined }));
  return [...documented, ...hidden];
}
