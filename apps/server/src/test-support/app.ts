import { Writable } from 'node:stream';
import { type App, buildApp } from '../app.js';
import { type AppConfig, loadConfig } from '../config.js';
import { createTestDatabase, type DriverName, type TestDatabase } from './databases.js';

/** A configuration for tests: defaults, no environment leaking in, overridable per suite. */
export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return { ...loadConfig({ LOG_LEVEL: 'info', PORT: '0' }), ...overrides };
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
): Promise<TestApp> {
  const testDatabase = await createTestDatabase(driver);
  const logs = new LogCapture();
  const app = await buildApp(testConfig(overrides), {
    database: testDatabase.database,
    logStream: logs,
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
