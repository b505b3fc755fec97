import { type BenchChannel, tunnelGet } from './channel.js';
import { measureRoute, type RouteFigures, type RouteSettings } from './routes.js';
import { type ServerUnderTest, serverCpuMs } from './server-process.js';

export interface VersusBareFigures {
  /** Products in the catalog when measured. */
  products: number;
  /** The catalog list, then a product page. */
  routes: RouteFigures[];
  warnings: string[];
}

export const CATALOG_LIST_ROUTE = '/api/v1/products?limit=24';

const decoder = new TextDecoder();

/**
 * The catalog list and a product page of the app (plaintext and through the channel) against a
 * bare Fastify route serving the very same JSON from memory. The JSON is captured once from the
 * real API through the channel; the bare server (in the server process, own port) gets it as a
 * constant, and is checked to answer it byte for byte before the load.
 */
export async function catalogVersusBare(options: {
  server: ServerUnderTest;
  channel: BenchChannel;
  products: number;
  settings: RouteSettings;
  log: (message: string) => void;
}): Promise<VersusBareFigures> {
  const { server, channel } = options;
  const captured: Record<string, string> = {};
  const capture = async (route: string) => {
    const { status, body } = await tunnelGet(server.baseUrl, channel, route);
    if (status !== 200) throw new Error(`GET ${route} answered ${status}`);
    captured[route] = decoder.decode(body);
    return JSON.parse(captured[route]) as { items?: { id: string }[] };
  };
  const list = await capture(CATALOG_LIST_ROUTE);
  const productId = list.items?.[Math.floor(list.items.length / 2)]?.id;
  if (!productId) throw new Error(`GET ${CATALOG_LIST_ROUTE} listed no product`);
  const productRoute = `/api/v1/products/${encodeURIComponent(productId)}`;
  await capture(productRoute);

  // The bare server serves this size's answers from now on (it was started for the first size).
  const { port } = await server.command<{ port: number }>('bareRoutes', captured, 10_000);
  const bareUrl = `http://127.0.0.1:${port}`;
  for (const [route, json] of Object.entries(captured)) {
    const answer = await fetch(`${bareUrl}${route}`);
    if (answer.status !== 200 || (await answer.text()) !== json) {
      throw new Error(`the bare server does not answer ${route} with the captured JSON`);
    }
  }
  options.log(`bare Fastify baseline at ${bareUrl}, answers checked`);

  const routes: RouteFigures[] = [];
  for (const route of Object.keys(captured)) {
    routes.push(
      await measureRoute({
        ...options,
        baseUrl: server.baseUrl,
        bareUrl,
        route,
        serverCpuMs: () => serverCpuMs(server),
      }),
    );
  }
  return {
    products: options.products,
    routes,
    warnings: routes.flatMap((route) => route.warnings),
  };
}
