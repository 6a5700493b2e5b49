import { z } from 'zod';
import {
  ClusterListSchema,
  ClusterSchema,
  DriftSchema,
  ImportRequestSchema,
  PlanRequestSchema,
  PlanSchema,
  PushRecordListSchema,
  PushRequestSchema,
  PushResultSchema,
  RegisterClusterSchema,
} from '@gatehouse/domain/cluster/cluster.schema';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { getCluster, installClusterCrds, listClusters, registerCluster, removeCluster } from '../services/clusters/cluster.service';
import { clusterDrift } from '../services/clusters/drift.service';
import { importFromCluster } from '../services/clusters/import.service';
import { ClusterStatusComparisonSchema, ClusterStatusQuerySchema, compareClusterStatuses } from '../services/clusters/status.service';
import { listPushes, planCluster, pushCluster } from '../services/clusters/sync.service';
import { bodyKindOf, jsonResponse, parseJsonBody, readBodyText } from './http';
import type { RouteDef } from './route-def';

const TAG = 'Clusters';

async function readJson(req: Request): Promise<unknown> {
  const text = await readBodyText(req);
  bodyKindOf(req.headers.get('content-type'), ['json']);
  return parseJsonBody(text);
}

const PushesQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).optional() }).strict();

const ImportResultSchema = z.object({
  dryRun: z.boolean(),
  results: z.array(z.object({ apiVersion: z.string(), kind: z.string(), namespace: z.string().optional(), name: z.string(), outcome: z.string() })),
  skipped: z.array(z.object({ kind: z.string(), namespace: z.string().optional(), name: z.string(), reason: z.string() })),
});

export function clusterRoutes(): RouteDef[] {
  return [
    {
      method: 'GET', path: '/clusters', operationId: 'listClusters', tag: TAG, authenticated: true,
      summary: 'Registered clusters with their last check (never a kubeconfig)',
      response: { status: 200, description: 'the clusters', schema: ClusterListSchema },
      handle: async ({ ctx, rt }) => jsonResponse(200, await listClusters(rt, ctx)),
    },
    {
      method: 'POST', path: '/clusters', operationId: 'registerCluster', tag: TAG, authenticated: true,
      summary: 'Register a cluster from a kubeconfig (its current context or the one named) or the in-cluster service account (admins)',
      body: { schema: RegisterClusterSchema, description: 'JSON; the kubeconfig is encrypted at rest and never returned' },
      response: { status: 201, description: 'the cluster with its first check', schema: ClusterSchema },
      handle: async ({ req, ctx, rt }) => jsonResponse(201, await registerCluster(rt, ctx, await readJson(req))),
    },
    {
      method: 'GET', path: '/clusters/{name}', operationId: 'readCluster', tag: TAG, authenticated: true,
      summary: 'One cluster, checked now: reachable, server version, Gateway API and UpstreamTLSPolicy CRDs, permissions',
      response: { status: 200, description: 'the cluster', schema: ClusterSchema },
      handle: async ({ params, ctx, rt }) => jsonResponse(200, await getCluster(rt, ctx, params.name!)),
    },
    {
      method: 'DELETE', path: '/clusters/{name}', operationId: 'removeCluster', tag: TAG, authenticated: true,
      summary: 'Forget a cluster (admins); nothing in the cluster changes',
      response: { status: 200, description: 'the removed cluster', schema: ClusterSchema },
      handle: async ({ params, ctx, rt }) => jsonResponse(200, await removeCluster(rt, ctx, params.name!)),
    },
    {
      method: 'POST', path: '/clusters/{name}/install-crds', operationId: 'installClusterCrds', tag: TAG, authenticated: true,
      summary: 'Install or upgrade the Gateway API v1.6.1 standard CRDs and the UpstreamTLSPolicy CRD (admins)',
      response: { status: 200, description: 'the cluster, checked after the install', schema: ClusterSchema },
      handle: async ({ params, ctx, rt }) => jsonResponse(200, await installClusterCrds(rt, ctx, params.name!)),
    },
    {
      method: 'POST', path: '/clusters/{name}/plan', operationId: 'planClusterPush', tag: TAG, authenticated: true,
      summary: 'What a push of these namespaces would do, asked of the API server (server-side apply dry run); writes nothing',
      body: { schema: PlanRequestSchema, description: 'JSON' },
      response: { status: 200, description: 'every object in scope with its action, diff and problems', schema: PlanSchema },
      handle: async ({ req, params, ctx, rt }) => jsonResponse(200, await planCluster(rt, ctx, params.name!, await readJson(req))),
    },
    {
      method: 'POST', path: '/clusters/{name}/push', operationId: 'pushToCluster', tag: TAG, authenticated: true,
      summary: 'Push these namespaces: server-side apply (field manager gatehouse), prune of Gatehouse-owned objects when asked',
      body: { schema: PushRequestSchema, description: 'JSON' },
      response: { status: 200, description: 'the push number and the outcome per object', schema: PushResultSchema },
      handle: async ({ req, params, ctx, rt }) => jsonResponse(200, await pushCluster(rt, ctx, params.name!, await readJson(req))),
    },
    {
      method: 'GET', path: '/clusters/{name}/pushes', operationId: 'listClusterPushes', tag: TAG, authenticated: true,
      summary: 'Push records, newest first', query: PushesQuery,
      response: { status: 200, description: 'push records', schema: PushRecordListSchema },
      handle: async ({ params, query, ctx, rt }) => jsonResponse(200, await listPushes(rt, ctx, params.name!, parseOrThrow(PushesQuery, query, 'query'))),
    },
    {
      method: 'GET', path: '/clusters/{name}/drift', operationId: 'readClusterDrift', tag: TAG, authenticated: true,
      summary: 'Objects Gatehouse pushed that were changed or deleted in the cluster since (compared now)',
      response: { status: 200, description: 'drifted objects with diffs (objects in sync are not listed)', schema: DriftSchema },
      handle: async ({ params, ctx, rt }) => jsonResponse(200, await clusterDrift(rt, ctx, params.name!)),
    },
    {
      method: 'GET', path: '/clusters/{name}/statuses', operationId: 'compareClusterStatuses', tag: TAG, authenticated: true,
      summary: 'The status the cluster\'s workers wrote beside the status Gatehouse computes, per object of a namespace, and whether they agree',
      query: ClusterStatusQuerySchema,
      response: { status: 200, description: 'one entry per Gateway, HTTPRoute, policy and GatewayClass', schema: ClusterStatusComparisonSchema },
      handle: async ({ params, query, ctx, rt }) => jsonResponse(200, await compareClusterStatuses(rt, ctx, params.name!, query)),
    },
    {
      method: 'POST', path: '/clusters/{name}/import', operationId: 'importFromCluster', tag: TAG, authenticated: true,
      summary: 'Import objects of cluster namespaces into Gatehouse (Secret values only when an admin asks); dryRun previews',
      body: { schema: ImportRequestSchema, description: 'JSON' },
      response: { status: 200, description: 'outcome per object, as apply answers, and what was skipped', schema: ImportResultSchema },
      handle: async ({ req, params, ctx, rt }) => jsonResponse(200, await importFromCluster(rt, ctx, params.name!, await readJson(req))),
    },
  ];
}
