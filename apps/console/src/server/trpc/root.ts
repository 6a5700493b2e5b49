import { createCallerFactory, router } from './init';
import { auditRouter } from './routers/audit.router';
import { certificateWizardRouter } from './routers/certificate-wizard.router';
import { certificatesRouter } from './routers/certificates.router';
import { clustersRouter } from './routers/clusters.router';
import { examplesRouter } from './routers/examples.router';
import { notificationsRouter } from './routers/notifications.router';
import { meRouter } from './routers/me.router';
import { probeRouter } from './routers/probe.router';
import { referencesRouter } from './routers/references.router';
import { relationshipsRouter } from './routers/relationships.router';
import { resourcesRouter } from './routers/resources.router';
import { searchRouter } from './routers/search.router';
import { simulatorRouter } from './routers/simulator.router';
import { tokensRouter } from './routers/tokens.router';
import { topologyRouter } from './routers/topology.router';
import { usersRouter } from './routers/users.router';
import { workersRouter } from './routers/workers.router';

export const appRouter = router({
  resources: resourcesRouter,
  audit: auditRouter,
  users: usersRouter,
  me: meRouter,
  tokens: tokensRouter,
  workers: workersRouter,
  certificates: certificatesRouter,
  simulator: simulatorRouter,
  probe: probeRouter,
  topology: topologyRouter,
  examples: examplesRouter,
  relationships: relationshipsRouter,
  certificateWizard: certificateWizardRouter,
  clusters: clustersRouter,
  notifications: notificationsRouter,
  references: referencesRouter,
  search: searchRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
