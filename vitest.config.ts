import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/clients/**'] } },
      // The real clients (test/clients/) install packages and start tools; they run after the
      // rest, so that their load does not slow the tests that have a time budget.
      { extends: true, test: { name: 'clients', include: ['test/clients/**/*.test.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
