import { z } from 'zod';
import { ClusterNameSchema, ClusterObjectRefSchema } from '@gatehouse/domain/cluster/cluster.schema';
import { getCluster, installClusterCrds, listClusters, registerCluster, removeCluster } from '../../services/clusters/cluster.service';
import { clusterDrift, driftOfObject } from '../../services/clusters/drift.service';
import { importFromCluster } from '../../services/clusters/import.service';
import { compareClusterStatuses } from '../../services/clusters/status.service';
import { listPushes, planCluster, pushCluster } from '../../services/clusters/sync.service';
import { permittedProcedure } from '../admin-procedure';
import { authedProcedure, router } from '../init';

const Name = z.object({ name: ClusterNameSchema });
// Bodies are validated by the services with the REST API's schemas (one schema per request, shared).
const WithBody = z.object({ name: ClusterNameSchema, body: z.unknown() });

/** Clusters for the console: the same services as REST /api/v1/clusters (roles are checked there). */
export const clustersRouter = router({
  list: authedProcedure.query(({ ctx }) => listClusters(ctx.rt, ctx.req)),
  get: authedProcedure.input(Name).query(({ ctx, input }) => getCluster(ctx.rt, ctx.req, input.name)),
  register: authedProcedure.input(z.unknown()).mutation(({ ctx, input }) => registerCluster(ctx.rt, ctx.req, input)),
  remove: authedProcedure.input(Name).mutation(({ ctx, input }) => removeCluster(ctx.rt, ctx.req, input.name)),
  installCrds: authedProcedure.input(Name).mutation(({ ctx, input }) => installClusterCrds(ctx.rt, ctx.req, input.name)),
  // A plan writes nothing, but it asks the cluster (dry runs): a mutation, so it never runs on its own refetch.
  plan: authedProcedure.input(WithBody).mutation(({ ctx, input }) => planCluster(ctx.rt, ctx.req, input.name, input.body)),
  push: authedProcedure.input(WithBody).mutation(({ ctx, input }) => pushCluster(ctx.rt, ctx.req, input.name, input.body)),
  pushes: authedProcedure.input(Name).query(({ ctx, input }) => listPushes(ctx.rt, ctx.req, input.name)),
  drift: authedProcedure.input(Name).query(({ ctx, input }) => clusterDrift(ctx.rt, ctx.req, input.name)),
  objectDrift: permittedProcedure('clusters.read').input(ClusterObjectRefSchema).query(({ ctx, input }) => driftOfObject(ctx.rt, ctx.req, input)),
  statuses: authedProcedure.input(z.object({ name: ClusterNameSchema, namespace: z.string() })).query(({ ctx, input }) => compareClusterStatuses(ctx.rt, ctx.req, input.name, { namespace: input.namespace })),
  import: authedProcedure.input(WithBody).mutation(({ ctx, input }) => importFromCluster(ctx.rt, ctx.req, input.name, input.body)),
});
