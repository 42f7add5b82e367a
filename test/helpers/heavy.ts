/**
 * The timeout of a test that starts other processes: the elfaudit CLI (a
 * whole Node process, often over thousands of paths), a reference tool
 * (checksec.sh forks a readelf per question), gcc, or a long-lived child the
 * test measures. On a shared 2-core CI runner with other jobs beside it such
 * a test can take many times its idle duration, so the limit is there to
 * stop a hang, never to measure speed: 10 minutes. Speed is measured by
 * `npm run bench`, not by tests. vitest.config.ts sets the same limit as
 * the default for every test and hook; a heavy test names it anyway, so the
 * reason it is heavy sits next to it.
 */
export const HEAVY_TIMEOUT = 10 * 60_000;
