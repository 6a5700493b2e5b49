import { LoadExampleSchema } from '@gatehouse/domain/example/load-example.schema';
import { loadUpstreamTlsExample } from '../../services/example.service';
import { authedProcedure, router } from '../init';

/** "Load the Upstream TLS example": the seed scenario's objects through the audited services. */
export const examplesRouter = router({
  loadUpstreamTls: authedProcedure.input(LoadExampleSchema).mutation(({ ctx, input }) => loadUpstreamTlsExample(ctx.rt, ctx.req, input)),
});
