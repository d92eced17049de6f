/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In development (npm run dev) the API runs beside on :5080; the built client is served by the API itself.
export default defineConfig({
  plugins: [react()],
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
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  },
});
