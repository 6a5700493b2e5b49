import { randomUUID } from 'node:crypto';
import { initTRPC, TRPCError } from '@trpc/server';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { ERROR_TABLE } from '@gatehouse/domain/errors/error-table';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { zodIssuesToDetails } from '@gatehouse/domain/errors/zod-issues';
import { ZodError } from 'zod';
import type { Principal, RequestContext } from '../auth/principal';
import { authenticateToken } from '../auth/token.service';
import { readBearer } from '../auth/token-codec';
import type { ConsoleRuntime } from '../runtime-types';

export interface TrpcContext {
  rt: ConsoleRuntime;
  principal?: Principal;
  requestId: string;
  sourceIp: string;
  userAgent: string;
}

/** Builds the context without Next.js objects, so tests can use createCaller (tRPC's createContextInner idea). */
export async function createContextInner(rt: ConsoleRuntime, req: { headers: Headers }): Promise<TrpcContext> {
  const bearer = readBearer(req.headers.get('authorization'));
  const principal = bearer ? await authenticateToken(rt, bearer) : undefined;
  const xff = req.headers.get('x-forwarded-for');
  return {
    rt,
    ...(principal ? { principal } : {}),
    requestId: req.headers.get('x-request-id')?.slice(0, 100) || randomUUID(),
    sourceIp: xff ? (xff.split(',').map((s) => s.trim()).pop() ?? '') : '',
    userAgent: (req.headers.get('user-agent') ?? '').slice(0, 500),
  };
}

const t = initTRPC.context<TrpcContext>().create({
  // Errors are mapped once (ERROR_TABLE); the client gets the same code/details as REST.
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const domain = isDomainError(cause) ? cause : cause instanceof ZodError ? new DomainError('invalid', 'input is invalid', zodIssuesToDetails(cause)) : undefined;
    return { ...shape, data: { ...shape.data, appCode: domain?.code ?? null, details: domain?.details ?? [] } };
  },
});

/** Turns DomainErrors thrown by services into TRPCErrors with the table's code. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDomainError(result.error.cause)) {
    const d = result.error.cause;
    throw new TRPCError({ code: ERROR_TABLE[d.code].trpc, message: d.message, cause: d });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Procedures for signed-in callers; ctx.req carries the RequestContext every service takes. */
export const authedProcedure = t.procedure.use(mapErrors).use(({ ctx, next }) => {
  if (!ctx.principal) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'authentication required' });
  const req: RequestContext = { principal: ctx.principal, requestId: ctx.requestId, sourceIp: ctx.sourceIp, userAgent: ctx.userAgent };
  return next({ ctx: { ...ctx, req } });
});
