import { SimulateRequestSchema } from '@gatehouse/domain/simulator/simulate-request.schema';
import { simulateRequest, simulatorOptions } from '../../services/simulator.service';
import { permittedProcedure } from '../admin-procedure';
import { router } from '../init';

/**
 * The request simulator: the worker's compileSnapshot + matchRequest on the current (or a draft) configuration.
 * `run` writes nothing, but is a mutation for its POST body: a draft may be 256 KiB, too long for a query's URL.
 */
export const simulatorRouter = router({
  options: permittedProcedure('resources.read').query(({ ctx }) => simulatorOptions(ctx.rt, ctx.req)),
  run: permittedProcedure('resources.read').input(SimulateRequestSchema).mutation(({ ctx, input }) => simulateRequest(ctx.rt, ctx.req, input)),
});
