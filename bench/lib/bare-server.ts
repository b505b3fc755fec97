import Fastify from 'fastify';

/**
 * The baseline for the catalog routes: a bare Fastify instance, apart from the app (its own
 * port, no plugins, hooks, validation, logging, database or channel), answering GET `path` with
 * the JSON bytes the real API gave for it, held in memory. Whatever the app route costs beyond
 * this is the price of the store (database, schemas, security headers, the channel). `serve`
 * replaces the answers (one catalog size after another).
 */
export async function startBareServer(host: string): Promise<{
  port: number;
  serve: (routes: Record<string, string>) => void;
  close: () => Promise<void>;
}> {
  const bare = Fastify({ logger: false });
  let answers = new Map<string, Buffer>();
  // Matched on the whole URL, query included: the routes are the exact requests of the load.
  bare.get('*', (request, reply) => {
    const body = answers.get(request.url);
    if (!body) return reply.code(404).send();
    return reply.type('application/json; charset=utf-8').send(body);
  });
  await bare.listen({ host, port: 0 });
  const address = bare.server.address();
  if (address === null || typeof address === 'string') throw new Error('bare server: no port');
  return {
    port: address.port,
    serve: (routes) => {
      answers = new Map(Object.entries(routes).map(([path, json]) => [path, Buffer.from(json)]));
    },
    close: () => bare.close(),
  };
}
