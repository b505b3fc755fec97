import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// The storefront. Workspace packages (the SDK, the channel) resolve to their TypeScript
// sources through the "ironcart-source" export condition, so the app needs no prior build.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: { conditions: ['ironcart-source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The CSP allows no inline script: keep everything in external, hashed files.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  // `npm run dev -w @ironcart/web` next to `npm run dev` (the server on port 3000).
  server: {
    proxy: {
      '/channel': 'http://localhost:3000',
      '/images': 'http://localhost:3000',
    },
  },
});
