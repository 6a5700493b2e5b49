import { createCallerFactory, router } from './init';
import { auditRouter } from './routers/audit.router';
import { certificateWizardRouter } from './routers/certificate-wizard.router';
import { certificatesRouter } from './routers/certificates.router';
import { resourcesRouter } from './routers/resources.router';
import { tokensRouter } from './routers/tokens.router';
import { usersRouter } from './routers/users.router';
import { workersRouter } from './routers/workers.router';

export const appRouter = router({
  resources: resourcesRouter,
  audit: auditRouter,
  users: usersRouter,
  tokens: tokensRouter,
  workers: workersRouter,
  certificates: certificatesRouter,
  certificateWizard: certificateWizardRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
