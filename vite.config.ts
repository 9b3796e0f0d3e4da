import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// The renderer: built from src/ui into dist/ui, served by the local host or Electron's app:// protocol.
export default defineConfig({
  root: 'src/ui',
  base: '/',
  plugins: [svelte()],
  build: {
    outDir: '../../dist/ui',
    emptyOutDir: true,
    target: 'chrome120',
    assetsInlineLimit: 0,
  },
  // The first picture's renderer (src/ui/first-picture.ts, built with --ssr for the kiosk host)
  // carries Svelte's server runtime in itself: an installed kiosk has no node_modules for it.
  ssr: { noExternal: true },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8470' },
  },
});
