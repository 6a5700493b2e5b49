import { z } from 'zod';

/**
 * Runs in the browser before the console's own code (Next.js's client instrumentation hook). zod 4 probes
 * `Function("")` once to decide whether to compile its parsers; the page's CSP has no 'unsafe-eval', so the probe is
 * refused — zod catches that and parses without compiling, but the browser still reports a CSP violation on every
 * page. Saying "no eval" up front gives the same parsing without the probe.
 * @see https://zod.dev/packages/core#globalconfig — `jitless`
 * @see https://nextjs.org/docs/app/api-reference/file-conventions/instrumentation-client
 */
z.config({ jitless: true });
