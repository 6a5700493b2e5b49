import { createCallerFactory, router } from './init';
import { auditRouter } from './routers/audit.router';
import { resourcesRouter } from './routers/resources.router';

export const appRouter = router({
  resources: resourcesRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
