import type { FastifyInstance } from 'fastify';

/**
 * Runs a housekeeping task every `intervalMs` for as long as the app is open: failures are
 * logged (the next run tries again), the timer never keeps the process alive, and it stops when
 * the app closes.
 */
export function runPeriodically(
  app: FastifyInstance,
  name: string,
  intervalMs: number,
  task: () => Promise<unknown>,
): void {
  const timer = setInterval(() => {
    task().then(
      (result) => app.log.debug({ task: name, result }, 'housekeeping done'),
      (error: unknown) => app.log.error({ err: error, task: name }, 'housekeeping failed'),
    );
  }, intervalMs);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
