import { z } from 'zod';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { findKindByPlural } from '@gatehouse/domain/registry/kinds';
import { getRelationships } from '../../services/relationships.service';
import { authedProcedure, router } from '../init';

/** What an object uses and what depends on it (detail pages, delete confirmations). */
export const relationshipsRouter = router({
  of: authedProcedure
    .input(z.object({ plural: z.string(), namespace: z.string().optional(), name: z.string() }))
    .query(({ ctx, input }) => {
      const kind = findKindByPlural(input.plural);
      if (!kind) throw new DomainError('not_found', `unknown resource type ${input.plural}`, [{ path: 'plural', message: 'unknown' }]);
      return getRelationships(ctx.rt, ctx.req, { kind, name: input.name, ...(input.namespace !== undefined ? { namespace: input.namespace } : {}) });
    }),
});
