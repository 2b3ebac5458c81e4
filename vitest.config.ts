import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'sandbox/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Integration tests start real HTTP simulators and databases on loopback; give them room,
    // but never depend on machine speed for pass/fail.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
