import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The SPA lives in src/web and builds next to the compiled server (dist/public),
// which is where src/server/main.ts serves it from. `vite` (dev) proxies like the server does.
export default defineConfig({
  root: here('./src/web'),
  base: './',
  build: { outDir: here('./dist/public'), emptyOutDir: true, sourcemap: true, target: 'es2022', chunkSizeWarningLimit: 700 },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  server: {
    proxy: {
      '/api/catalog': { target: process.env.CATALOG_API_URL ?? 'http://127.0.0.1:3001', rewrite: (p) => p.replace(/^\/api\/catalog/, '') },
      '/api/video': { target: process.env.VIDEO_API_URL ?? 'http://127.0.0.1:3002', rewrite: (p) => p.replace(/^\/api\/video/, '') },
      '/media': { target: process.env.VIDEO_API_URL ?? 'http://127.0.0.1:3002' },
    },
  },
});
