import { listWorkers } from '../../feed/feed.service';
import { readRevision } from '../../store/revision';
import { authedProcedure, router } from '../init';

/** The workers that fetched the feed and the revision each enforces, next to the store's own revision. */
export const workersRouter = router({
  list: authedProcedure.query(async ({ ctx }) => {
    const [items, revision] = await Promise.all([listWorkers(ctx.rt, ctx.req), readRevision(ctx.rt.db)]);
    return { database: ctx.rt.db.provider, revision, items };
  }),
});
