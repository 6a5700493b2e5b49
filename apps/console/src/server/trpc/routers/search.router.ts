import { searchObjects, SearchQuerySchema } from '../../services/search/search.service';
import { authedProcedure, router } from '../init';

/** The command palette's object search (names only; roles are checked in the service). */
export const searchRouter = router({
  objects: authedProcedure.input(SearchQuerySchema).query(({ ctx, input }) => searchObjects(ctx.rt, ctx.req, input)),
});
