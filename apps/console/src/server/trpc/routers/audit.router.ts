import { AuditQuerySchema, listAuditEvents, verifyAuditChain } from '../../audit/audit-query';
import { AuditPruneSchema, pruneAuditEventsRequest } from '../../audit/audit-retention';
import { authedProcedure, router } from '../init';

export const auditRouter = router({
  list: authedProcedure.input(AuditQuerySchema).query(({ ctx, input }) => listAuditEvents(ctx.rt.db, ctx.req, input)),
  verify: authedProcedure.query(({ ctx }) => verifyAuditChain(ctx.rt.db, ctx.req)),
  prune: authedProcedure.input(AuditPruneSchema).mutation(({ ctx, input }) => pruneAuditEventsRequest(ctx.rt, ctx.req, input)),
});
