import { initTRPC, TRPCError } from '@trpc/server';
import { asDomainError, ERROR_TABLE } from '@gatehouse/domain/errors/error-table';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { zodIssuesToDetails } from '@gatehouse/domain/errors/zod-issues';
import { assertInputBounds } from '@gatehouse/domain/object/input-bounds';
import { ZodError } from 'zod';
import { authenticateRequest, requireCsrf, type Authentication } from '../auth/authenticate-request';
import type { Principal, RequestContext } from '../auth/principal';
import { readRequestMeta, type RequestMeta } from '../auth/request-meta';
import type { ConsoleRuntime } from '../runtime-types';

export interface TrpcContext extends RequestMeta {
  rt: ConsoleRuntime;
  principal?: Principal;
  auth?: Authentication;
  /** A credential that was sent but is not valid (unknown token): reported by authedProcedure. */
  authError?: DomainError;
}

/** Builds the context without Next.js objects, so tests can use createCaller (tRPC's createContextInner idea). */
export async function createContextInner(rt: ConsoleRuntime, req: { headers: Headers }): Promise<TrpcContext> {
  const meta = readRequestMeta(req);
  try {
    const auth = await authenticateRequest(rt, req);
    return { rt, ...meta, ...(auth ? { auth, principal: auth.principal } : {}) };
  } catch (e) {
    const domain = asDomainError(e);
    if (!domain) throw e;
    return { rt, ...meta, authError: domain };
  }
}

const t = initTRPC.context<TrpcContext>().create({
  // Errors are mapped once (ERROR_TABLE); the client gets the same code/details as REST.
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const domain =
      asDomainError(cause) ??
      (cause instanceof ZodError ? new DomainError('invalid', 'input is invalid', zodIssuesToDetails(cause)) : unreadableInput(error.code, error.message));
    // tRPC adds the server's stack trace to error bodies outside production (`isDev`, from NODE_ENV): file paths and
    // module layout for any caller, a test or staging instance included. No body carries it, whatever the mode; the
    // REST API never did either (rest/http.ts). The log has it.
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, data: { ...data, appCode: domain?.code ?? null, details: domain?.details ?? [] } };
  },
  // The same, said at the source: the default formatter then never puts the stack into the shape.
  isDev: false,
});

/**
 * tRPC's own refusals of a body it cannot read (not JSON, empty, not the batch shape) carry no field: they are
 * about the input as a whole, and say so the way REST does ('(body)'), so every 400 names what was wrong.
 */
function unreadableInput(code: string, message: string): DomainError | undefined {
  if (code === 'UNSUPPORTED_MEDIA_TYPE') return new DomainError('unsupported_media_type', message, [{ path: 'content-type', message: 'unsupported' }]);
  if (code !== 'BAD_REQUEST' && code !== 'PARSE_ERROR') return undefined;
  return new DomainError('invalid', message, [{ path: '(body)', message }]);
}

/** Turns DomainErrors thrown by services into TRPCErrors with the table's code. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  const d = result.ok ? undefined : asDomainError(result.error.cause);
  if (d) throw new TRPCError({ code: ERROR_TABLE[d.code].trpc, message: d.message, cause: d });
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Procedures for signed-in callers; ctx.req carries the RequestContext every service takes. Mutations made with
 * the session cookie must carry its CSRF token (queries cannot change anything, so they need none).
 */
/** The same bounds as REST bodies (depth, NUL characters), checked on the raw input before any schema walks it. */
const boundInput = t.middleware(async ({ getRawInput, next }) => {
  let raw: unknown;
  try {
    raw = await getRawInput();
  } catch {
    // An unreadable body is the input parser's to refuse (naming '(body)'), and only if the procedure takes input:
    // one without input goes on to its role check, so a caller without the role learns "forbidden", not "bad body".
    return next();
  }
  assertInputBounds(raw);
  return next();
});

export const authedProcedure = t.procedure.use(mapErrors).use(({ ctx, type, next }) => {
  if (ctx.authError) throw ctx.authError;
  if (!ctx.principal) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'authentication required' });
  if (type === 'mutation' && ctx.auth) requireCsrf(ctx.auth);
  const req: RequestContext = { principal: ctx.principal, requestId: ctx.requestId, sourceIp: ctx.sourceIp, userAgent: ctx.userAgent };
  return next({ ctx: { ...ctx, req } });
}).use(boundInput);
