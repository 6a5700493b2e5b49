import { z } from 'zod';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { ListFilterSchema } from '@gatehouse/domain/object/list-filter.schema';
import { findKindByPlural } from '@gatehouse/domain/registry/kinds';
import type { KindInfo } from '@gatehouse/domain/registry/kind-info';
import { applyObjects } from '../../services/apply.service';
import { exportObjects } from '../../services/export.service';
import { createObject, deleteObject, getObject, listObjects, replaceObject } from '../../services/resource.service';
import { authedProcedure, router } from '../init';

function kindOf(plural: string): KindInfo {
  const k = findKindByPlural(plural);
  if (!k) throw new DomainError('not_found', `unknown resource type ${plural}`, [{ path: 'plural', message: 'unknown' }]);
  return k;
}

const Where = z.object({ plural: z.string(), namespace: z.string().optional() });
const Named = Where.extend({ name: z.string() });
const loc = (i: z.infer<typeof Where>) => ({ kind: kindOf(i.plural), ...(i.namespace !== undefined ? { namespace: i.namespace } : {}) });

/** The same services as REST; inputs validated by the kind's own schema inside the service. */
export const resourcesRouter = router({
  list: authedProcedure
    .input(Where.extend({ limit: z.number().int().min(1).max(5000).default(500), continue: z.string().optional(), ...ListFilterSchema.shape }))
    .query(async ({ ctx, input }) => {
      const r = await listObjects(ctx.rt, ctx.req, loc(input), {
        limit: input.limit, sort: input.sort, ...(input.continue ? { continue: input.continue } : {}),
        ...(input.q ? { q: input.q } : {}), ...(input.labelSelector ? { labelSelector: input.labelSelector } : {}),
      });
      return { ...r, items: await ctx.rt.statuses.decorate(r.items) };
    }),
  get: authedProcedure.input(Named).query(async ({ ctx, input }) => {
    const obj = await getObject(ctx.rt, ctx.req, { ...loc(input), name: input.name });
    return (await ctx.rt.statuses.decorate([obj]))[0];
  }),
  create: authedProcedure
    .input(Where.extend({ object: z.unknown(), dryRun: z.boolean().optional() }))
    .mutation(({ ctx, input }) => createObject(ctx.rt, ctx.req, loc(input), input.object, { dryRun: input.dryRun ?? false })),
  replace: authedProcedure
    .input(Named.extend({ object: z.unknown(), dryRun: z.boolean().optional() }))
    .mutation(({ ctx, input }) => replaceObject(ctx.rt, ctx.req, { ...loc(input), name: input.name }, input.object, { dryRun: input.dryRun ?? false })),
  delete: authedProcedure
    .input(Named.extend({ dryRun: z.boolean().optional() }))
    .mutation(({ ctx, input }) => deleteObject(ctx.rt, ctx.req, { ...loc(input), name: input.name }, { dryRun: input.dryRun ?? false })),
  applyObjects: authedProcedure
    .input(z.object({ objects: z.array(z.unknown()), namespace: z.string().optional(), dryRun: z.boolean().optional() }))
    .mutation(({ ctx, input }) => applyObjects(ctx.rt, ctx.req, input.objects, { dryRun: input.dryRun ?? false, ...(input.namespace ? { defaultNamespace: input.namespace } : {}) })),
  export: authedProcedure
    .input(z.object({ namespace: z.string().optional(), includeSecretValues: z.boolean().optional() }))
    .query(({ ctx, input }) => exportObjects(ctx.rt, ctx.req, { ...(input.namespace !== undefined ? { namespace: input.namespace } : {}), includeSecretValues: input.includeSecretValues ?? false })),
});
