import { defineConfig } from 'vitest/config';

// Two tiers. `unit`: pure code, recorded output, fakes; runs in parallel, one worker per core
// (vitest's default leaves one core idle: one worker on a 2-core runner, and then every file
// waits behind test/unit/dist.test.ts's build).
// `docker`: the real dockerd and buildx plugin, and the bundled dist/ started as a runner
// starts it; one file at a time, because the files share one daemon.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          maxWorkers: '100%',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'docker',
          include: ['test/itg/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          fileParallelism: false,
          maxWorkers: 1,
          testTimeout: 600_000,
          hookTimeout: 300_000,
          globalSetup: ['test/setup/require-env.ts'],
        },
      },
    ],
  },
});
