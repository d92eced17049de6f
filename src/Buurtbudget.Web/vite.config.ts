/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

// The NL Design System's React components (@utrecht/*-react) are plain components, but their bundles name each one
// for React's developer tools with a top-level `X.displayName = 'X'`, and the bundler keeps every component whose
// name is written, used or not (the whole library, some 200 kB, for the dozen the client uses). Dropping those
// lines from the production build, and telling the bundler these modules have no side effects, keeps only the
// components the client imports.
const treeShakeNlDesignSystem = (): Plugin => ({
  name: 'tree-shake-nl-design-system',
  apply: 'build',
  transform(code, id) {
    if (!/node_modules\/@utrecht\/[^/]+-react\/dist\/.*\.mjs$/.test(id)) return null;
    return { code: code.replace(/^[A-Za-z_$][\w$]*\.displayName = '[^']*';$/gm, ''), map: null, moduleSideEffects: false };
  },
});

// In development (npm run dev) the API runs beside on :5080; the built client is served by the API itself.
export default defineConfig({
  plugins: [react(), treeShakeNlDesignSystem()],
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://localhost:5080',
      '/dev': 'http://localhost:5080',
      // The Orleans dashboard: its ticket cookie is set through /api on this origin, so the page must come from here too.
      '/dashboard': 'http://localhost:5080',
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
  },
  // Components (*.test.tsx) are tested in jsdom; plain logic (*.test.ts) in Node, which starts in a fraction of the
  // time jsdom takes to set up for each file (about 0.7 s). A logic test that needs the DOM names jsdom in its first
  // line (// @vitest-environment jsdom).
  test: {
    projects: [
      { extends: true, test: { name: 'logic', environment: 'node', include: ['src/**/*.test.ts'] } },
      { extends: true, test: { name: 'components', environment: 'jsdom', include: ['src/**/*.test.tsx'] } },
    ],
  },
});
