import { UpstreamProbeRequestSchema } from '@gatehouse/domain/probe/upstream-probe.schema';
import { probeUpstreamTls } from '../../services/probe.service';
import { permittedProcedure } from '../admin-procedure';
import { router } from '../init';

/**
 * The live upstream TLS probe through a connected worker. A mutation, not a query: it opens connections from the
 * worker each time and must not be retried or refetched behind the operator's back.
 */
export const probeRouter = router({
  upstreamTls: permittedProcedure('resources.read').input(UpstreamProbeRequestSchema).mutation(({ ctx, input }) => probeUpstreamTls(ctx.rt, ctx.req, input)),
});
