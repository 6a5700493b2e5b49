import { searchObjects, SearchQuerySchema } from '../../services/search/search.service';
import { permittedProcedure } from '../admin-procedure';
import { router } from '../init';

/** The command palette's object search (names only; roles are checked in the service). */
export const searchRouter = router({
  objects: permittedProcedure('resources.read').input(SearchQuerySchema).query(({ ctx, input }) => searchObjects(ctx.rt, ctx.req, input)),
});
