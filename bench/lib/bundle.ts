import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const webConfig = fileURLToPath(new URL('../../apps/web/vite.config.ts', import.meta.url));

export interface BundleFigures {
  /** The JavaScript a shopper downloads: what index.html loads (Vite production build), bytes. */
  js: { raw: number; gzip: number; files: number };
  /** Chunks loaded on demand only (the admin area), in bytes. */
  lazyJs: { raw: number; gzip: number; files: number };
  css: { raw: number; gzip: number };
  /** Baseline: React and React DOM alone rendering one element, minified, in bytes. */
  reactBaseline: { raw: number; gzip: number };
}

const gzipSize = (data: Buffer) => gzipSync(data, { level: 9 }).length;

async function sizes(dir: string, names: string[]) {
  let raw = 0;
  let gzip = 0;
  for (const name of names) {
    const data = await readFile(path.join(dir, name));
    raw += data.length;
    gzip += gzipSize(data);
  }
  return { raw, gzip, files: names.length };
}

/**
 * Builds the storefront for production and measures what a shopper downloads, next to the
 * smallest React app (what any React storefront pays before its first line of its own code).
 */
export async function measureStorefrontBundle(): Promise<BundleFigures> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'ironcart-bundle-'));
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await viteBuild({
      configFile: webConfig,
      logLevel: 'error',
      build: { outDir, emptyOutDir: true },
    });
    const assets = path.join(outDir, 'assets');
    const baseline = await esbuild({
      stdin: {
        contents:
          "import { createElement } from 'react'; import { createRoot } from 'react-dom/client';" +
          "createRoot(document.body).render(createElement('div'));",
        resolveDir: fileURLToPath(new URL('../../apps/web/', import.meta.url)),
        loader: 'js',
      },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      define: { 'process.env.NODE_ENV': '"production"' },
      write: false,
    });
    const baselineCode = Buffer.from(baseline.outputFiles[0]?.contents ?? []);
    const files = await readdir(assets);
    // What index.html loads (its script and preloads) is what every shopper downloads; other
    // chunks are imported on demand (the admin area, for admins only).
    const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
    const loaded = new Set([...html.matchAll(/\/assets\/([^"']+\.js)/g)].map((m) => m[1]));
    const scripts = files.filter((name) => name.endsWith('.js'));
    const js = await sizes(
      assets,
      scripts.filter((name) => loaded.has(name)),
    );
    const lazyJs = await sizes(
      assets,
      scripts.filter((name) => !loaded.has(name)),
    );
    const css = await sizes(
      assets,
      files.filter((name) => name.endsWith('.css')),
    );
    return {
      js,
      lazyJs,
      css: { raw: css.raw, gzip: css.gzip },
      reactBaseline: { raw: baselineCode.length, gzip: gzipSize(baselineCode) },
    };
  } finally {
    process.env.NODE_ENV = nodeEnv;
    await rm(outDir, { recursive: true, force: true });
  }
}
