import { readTopology, TopologyQuerySchema } from '../../services/topology.service';
import { authedProcedure, router } from '../init';

/** The namespace topology graph, built and laid out by the server; the page draws it. */
export const topologyRouter = router({
  get: authedProcedure.input(TopologyQuerySchema).query(({ ctx, input }) => readTopology(ctx.rt, ctx.req, input)),
});
