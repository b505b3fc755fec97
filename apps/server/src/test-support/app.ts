import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { type App, type BuildAppOptions, buildApp } from '../app.js';
import { type AppConfig, loadConfig } from '../config.js';
import { createTestDatabase, type DriverName, type TestDatabase } from './databases.js';

/** A configuration for tests: defaults, no environment leaking in, overridable per suite. */
export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  const base = loadConfig({
    LOG_LEVEL: 'info',
    PORT: '0',
    // Each app gets its own key-encryption key; instances meant to share a database share
    // the whole config object.
    CHANNEL_KEK: randomBytes(32).toString('hex'),
  });
  // Every test request comes from one address: limits high enough never to get in the way.
  // Tests of the limits themselves set small ones.
  const roomy = { max: 100_000, windowMs: 60_000 };
  const rateLimits = Object.fromEntries(
    Object.keys(base.rateLimits).map((group) => [group, roomy]),
  ) as AppConfig['rateLimits'];
  // No simulated gateway latency unless a test asks for it.
  const payments = { ...base.payments, testGatewayLatencyMs: 0 };
  return { ...base, rateLimits, payments, ...overrides };
}

/** A clock that tests move by hand, to reach expiry without sleeping. */
export class TestClock {
  constructor(public time = Date.now()) {}
  readonly now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

/** Collects every log line an app writes, so tests can assert what is (not) logged. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(chunk.toString('utf8'));
    done();
  }
  get text(): string {
    return this.lines.join('');
  }
}

export interface TestApp {
  app: App;
  testDatabase: TestDatabase;
  logs: LogCapture;
  close(): Promise<void>;
}

/** Builds the real app on a fresh database of the given driver. */
export async function createTestApp(
  driver: DriverName,
  overrides: Partial<AppConfig> = {},
  options: Pick<BuildAppOptions, 'now' | 'paymentGateway'> = {},
): Promise<TestApp> {
  const testDatabase = await createTestDatabase(driver);
  const logs = new LogCapture();
  const app = await buildApp(testConfig(overrides), {
    database: testDatabase.database,
    logStream: logs,
    ...options,
  });
  return {
    app,
    testDatabase,
    logs,
    async close() {
      await app.close();
      await testDatabase.dispose();
    },
  };
}
