/**
 * A console as its own process for fault tests (`tsx console-process.ts`): the runtime and the REST handler on a
 * loopback HTTP port (PORT), configured by the usual environment (DATABASE_URL, GATEHOUSE_DATA_DIR,
 * GATEHOUSE_BOOTSTRAP_TOKEN, GATEHOUSE_MASTER_KEY …). A test can SIGKILL it mid-request, which an in-process
 * harness cannot survive. Prints `listening <url>` once it answers.
 */
import { createRestHandler } from '../../src/server/rest/router';
import { createRuntime } from '../../src/server/runtime';
import { serveHarness } from './serve-harness';

const rt = await createRuntime();
const served = await serveHarness({ handle: createRestHandler(async () => rt), rt }, Number(process.env.PORT ?? 0));
process.stdout.write(`listening ${served.url}\n`);
