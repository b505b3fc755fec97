import { existsSync } from 'node:fs';
import { build } from 'esbuild';
import { type Browser, chromium, type LaunchOptions } from 'playwright-core';

/**
 * Real-browser tests: Debian's Chromium driven by playwright-core (which never downloads a
 * browser of its own), and esbuild to bundle TypeScript for the page.
 */

/** Where Debian's `chromium` package puts the browser; CI installs it (see .ci/run). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a headless Chromium in a container: no sandbox, no GPU, no calls home. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The Chromium to drive, or undefined when it is not installed. */
export function chromiumPath(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? CHROMIUM_PATH : undefined;
}

function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '';
}

/**
 * Whether a browser suite must be skipped: only when Chromium is missing outside CI, and then
 * it says so. In CI (`CI` set) a missing Chromium is never skipped: the suite runs and fails
 * in {@link launchBrowser}. Use as `describe.skipIf(browserSuiteSkipped('name'))(...)`.
 */
export function browserSuiteSkipped(suite: string): boolean {
  if (chromiumPath() || inCi()) return false;
  console.warn(
    `[${suite}] SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install it with ` +
      '`apt-get install chromium` to run the browser tests (in CI they fail instead).',
  );
  return true;
}

/**
 * Launches the installed Chromium, headless, with {@link CHROMIUM_ARGS} (plus `options.args`).
 * Throws a clear error when Chromium is not installed.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium); ` +
        'the browser tests need it and are never skipped in CI.',
    );
  }
  return chromium.launch({
    ...options,
    executablePath,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

/**
 * Bundles a TypeScript entry (and everything it imports) into one ES module for the browser.
 * Workspace packages resolve to their sources ("ironcart-source"), so no build is needed.
 * Returns the JavaScript text.
 */
export async function bundleForBrowser(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['ironcart-source'],
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced nothing for ${entry}`);
  return output.text;
}
