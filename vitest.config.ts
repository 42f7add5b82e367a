import { defineConfig } from 'vitest/config';
import { HEAVY_TIMEOUT } from './test/helpers/heavy.js';

// A timeout stops a hang; it never measures speed (test/helpers/heavy.ts).
// The suite must pass on a loaded 2-core runner, where vitest's 5 s default
// fails tests that spawn processes or walk thousands of samples.
export default defineConfig({
  test: {
    testTimeout: HEAVY_TIMEOUT,
    hookTimeout: HEAVY_TIMEOUT,
  },
});
