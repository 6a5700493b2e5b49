import { CheckReferencesInputSchema, ListCandidatesInputSchema } from '@gatehouse/domain/references/reference-check.schema';
import { checkDraftReferences, referenceCandidates } from '../../services/references/references.service';
import { permittedProcedure } from '../admin-procedure';
import { router } from '../init';

/**
 * Forms that know what they name (issue 12 §2): verdicts on a draft's references before saving, and the existing
 * objects a reference picker offers. Both read the current store; role resources.read.
 */
export const referencesRouter = router({
  check: permittedProcedure('resources.read').input(CheckReferencesInputSchema).query(({ ctx, input }) => checkDraftReferences(ctx.rt, ctx.req, input)),
  candidates: permittedProcedure('resources.read').input(ListCandidatesInputSchema).query(({ ctx, input }) => referenceCandidates(ctx.rt, ctx.req, input)),
});
