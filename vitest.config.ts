import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'sandbox/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Integration tests start real HTTP simulators and databases on loopback; give them room,
    // but never depend on machine speed for pass/fail. The bound only stops a hung test: a CLI
    // e2e test starts several `accord` processes (tsx startup ~1 s idle, ~5 s at load 25), and at
    // 60 s such tests failed on a loaded machine while passing on a quiet one.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
