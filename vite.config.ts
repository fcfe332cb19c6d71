import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';
import remixConfig from './remix.config.js';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [remix(remixConfig)],
  server: { port: 3000 },
  // The manifest (moved by Remix to build/.vite/client-manifest.json, outside what is served) names
  // each locale's messages chunk, so pages can preload theirs (app/i18n/chunks.server.ts).
  build: { target: 'es2022', manifest: true },
});
