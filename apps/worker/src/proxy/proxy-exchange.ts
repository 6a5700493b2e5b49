import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { applyHeaderEdits } from '@gatehouse/compiler/filters/header-edits';
import type { BackendClientCertificate, Endpoint, HeaderEdits, RuleTarget, ServiceBackend, UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';
import type { RequestRecord } from '../metrics/request-metrics';
import { type ProxyResponse, type RequestHandlerDeps, writeHead } from './request-handler';
import { buildClientResponseHeaders } from './forward-headers';
import { sendError } from './send-error';
import { closeAfterAnswer } from './server-limits';
import { classifyUpstreamError } from './upstream-errors';

/** What to send upstream, after the filters. */
export interface ExchangeSpec {
  rule: RuleTarget;
  backend: ServiceBackend;
  /** The backend's TLS settings with the Gateway's client certificate merged in; null = plain HTTP. */
  tls: UpstreamTls | null;
  clientCertificate: BackendClientCertificate | null;
  method: string;
  /** Path and query. */
  target: string;
  headers: string[];
  body: Readable | null;
  /** ResponseHeaderModifier edits, rule first; empty when none. */
  responseEdits: readonly HeaderEdits[];
  corsHeaders: ReadonlyArray<{ name: string; value: string }> | null;
  /** The request's metrics record (endpoint, header time, bytes); null/absent: not measured. */
  record?: RequestRecord | null;
}

/** Upstream failures worth another attempt: the request never reached the backend, or the backend did not answer in time. */
const RETRIABLE_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Connection-level failures that make an endpoint an outlier (a 5xx answer does not: the endpoint is alive). */
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const UNTRUSTED_CERT = /^(UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|CERT_)/;
/** Connection failures after which another endpoint is tried: a connection that could not be made or was lost. */
const FAILOVER_ERRORS = new Set([...CONNECT_FAILURES, 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
/** RFC 9110 §9.2.2: a client may repeat these automatically after a connection failure. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);
/** Other endpoints tried after connection failures, at most (and never more than the Service has). */
const MAX_FAILOVERS = 2;

function isTlsFailure(code: string): boolean {
  return code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || UNTRUSTED_CERT.test(code);
}

const EXCHANGE = Symbol('gatehouse.exchange');
type WithExchange = ProxyResponse & { [EXCHANGE]?: ProxyExchange };

/** One shared 'close' listener (the exchange hangs on the response) instead of a closure and a once-wrapper per request. */
function onResponseClose(this: WithExchange): void {
  const exchange = this[EXCHANGE];
  if (exchange === undefined) return;
  this[EXCHANGE] = undefined;
  if (!this.writableFinished) exchange.clientClosed();
}

class TimeoutError extends Error {
  constructor(readonly kind: 'request' | 'backend') {
    super(`${kind} timeout`);
  }
}

/**
 * One proxied exchange, as an undici dispatch handler working on raw header arrays (no per-request header objects:
 * +25 % over `pool.stream`). Streams both ways with backpressure. It also carries the rule's timeouts (GEP-1742:
 * `request` from arrival to the end of the response, 504; `backendRequest` per attempt) and retries (GEP-1731:
 * up to `attempts` more tries on the listed status codes, on connection errors and on backend timeouts, waiting at
 * least `backoff` between them, never once the response has started or when the request has a body that was
 * already streamed upstream).
 */
export class ProxyExchange implements Dispatcher.DispatchHandler {
  private abortUpstream: ((err?: Error) => void) | null = null;
  private pendingAbort: Error | null = null;
  private clientGone = false;
  private done = false;
  private discarding = false;
  private attempt = 0;
  private failovers = 0;
  private endpoint: Endpoint | null = null;
  /** The endpoint whose connection failed: the next pick avoids it. */
  private failedEndpoint: Endpoint | null = null;
  private requestTimer: NodeJS.Timeout | null = null;
  private backendTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly res: ProxyResponse,
    private readonly http2: boolean,
    private readonly spec: ExchangeSpec,
    private readonly deps: RequestHandlerDeps,
  ) {
    (res as WithExchange)[EXCHANGE] = this;
    res.on('close', onResponseClose);
  }

  /** The client went away before the response was complete: stop the upstream side. */
  clientClosed(): void {
    this.clientGone = true;
    this.finish();
    this.abort(new Error('client closed the connection'));
  }

  start(): void {
    const ms = this.spec.rule.timeouts.requestMs;
    if (ms !== null) {
      this.requestTimer = setTimeout(() => {
        this.requestTimer = null;
        const route = this.spec.rule.route;
        this.fail(504, 'request_timeout', `HTTPRoute ${route.namespace}/${route.name} rule ${this.spec.rule.ruleIndex}: no complete response within the request timeout (${ms} ms)`);
        this.abort(new TimeoutError('request'));
      }, ms);
    }
    this.dispatch();
  }

  private abort(err: Error): void {
    if (this.abortUpstream !== null) this.abortUpstream(err);
    else this.pendingAbort = err;
  }

  private finish(): void {
    this.done = true;
    if (this.requestTimer !== null) clearTimeout(this.requestTimer);
    if (this.backendTimer !== null) clearTimeout(this.backendTimer);
    this.requestTimer = null;
    this.backendTimer = null;
  }

  private fail(status: number, code: string, reason: string): void {
    if (this.done) return;
    this.finish();
    sendError(this.res, this.deps.stats, status, code, reason, this.spec.record ?? null);
  }

  private dispatch(): void {
    if (this.done) return;
    const { backend, tls, clientCertificate } = this.spec;
    const endpoint = this.failedEndpoint === null ? this.deps.picker.pickEndpoint(backend) : this.deps.picker.pickOtherEndpoint(backend, this.failedEndpoint);
    if (endpoint === undefined) {
      this.fail(503, 'no_ready_endpoints', `Service ${backend.service.namespace}/${backend.service.name}:${backend.port} has no ready endpoints (${backend.noEndpointsReason ?? 'none'})`);
      return;
    }
    this.endpoint = endpoint;
    if (this.spec.record) this.spec.record.endpoint = endpoint;
    let upstream;
    try {
      upstream = this.deps.pools.get(endpoint, tls, backend.protocol);
    } catch (err) {
      const what = tls === null ? 'upstream' : `${tls.policy.kind} ${tls.policy.namespace}/${tls.policy.name}`;
      const cert = tls !== backend.tls && clientCertificate !== null ? `, client certificate ${clientCertificate.source} of Gateway ${clientCertificate.gateway.namespace}/${clientCertificate.gateway.name}` : '';
      this.fail(502, 'upstream_tls_config', `cannot use the TLS settings of ${what} (CA ${tls?.caSource ?? '-'}${cert}): ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    this.abortUpstream = null;
    this.pendingAbort = null;
    const ms = this.spec.rule.timeouts.backendRequestMs;
    if (ms !== null) {
      this.backendTimer = setTimeout(() => {
        this.backendTimer = null;
        this.abort(new TimeoutError('backend'));
      }, ms);
    }
    // `servername` is a Request option of undici 7 that its DispatchOptions type does not declare.
    const opts: Dispatcher.DispatchOptions & { servername: string } = {
      origin: upstream.origin,
      path: this.spec.target,
      method: this.spec.method as Dispatcher.HttpMethod,
      headers: this.spec.headers,
      body: this.spec.body,
      servername: upstream.servername,
    };
    upstream.pool.dispatch(opts, this);
  }

  /**
   * The request body passed the worker's limit while streaming (server-limits.ts `limitBody`): the upstream request is
   * aborted (its connection closed mid-body, never ended) and the client gets 413 if nothing was answered yet.
   */
  refuseBody(limit: number): void {
    if (this.done) return;
    closeAfterAnswer(this.res, this.http2);
    this.fail(413, 'request_body_too_large', `the request body is larger than ${limit} bytes`);
    this.abort(new Error('request body too large'));
  }

  private canRetry(): boolean {
    const retry = this.spec.rule.retry;
    return retry !== null && this.attempt < retry.attempts && this.spec.body === null && !this.res.headersSent && !this.done;
  }

  /**
   * Another endpoint after a connection failure, independently of any HTTPRoute retry policy: only for idempotent
   * methods without a body (a streamed body cannot be sent twice), before any answer, a bounded number of times.
   */
  private canFailOver(code: string): boolean {
    return (FAILOVER_ERRORS.has(code) || isTlsFailure(code)) && this.failovers < Math.min(MAX_FAILOVERS, this.spec.backend.endpoints.length - 1)
      && this.spec.body === null && IDEMPOTENT_METHODS.has(this.spec.method) && !this.res.headersSent && !this.done;
  }

  private retryLater(): void {
    this.attempt++;
    this.deps.stats.retries++;
    if (this.backendTimer !== null) clearTimeout(this.backendTimer);
    this.backendTimer = null;
    const wait = this.spec.rule.retry?.backoffMs ?? 0;
    if (wait <= 0) setImmediate(() => this.dispatch());
    else setTimeout(() => this.dispatch(), wait);
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abortUpstream = abort;
    if (this.pendingAbort !== null) abort(this.pendingAbort);
    else if (this.clientGone || this.done) abort(new Error('client closed the connection'));
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    // 1xx interim responses: Node's server already answered the client's Expect itself.
    if (statusCode < 200 || this.done) return true;
    if (this.endpoint !== null && this.deps.picker.outliers.active) this.deps.picker.outliers.succeeded(this.endpoint);
    if (this.canRetry() && this.spec.rule.retry?.codes.includes(statusCode) === true) {
      // Read the failed answer to its end (the connection stays reusable), then try again.
      this.discarding = true;
      return true;
    }
    let headers = buildClientResponseHeaders(rawHeaders);
    for (const edits of this.spec.responseEdits) headers = applyHeaderEdits(headers, edits);
    if (this.spec.corsHeaders !== null) headers = applyHeaderEdits(headers, { set: this.spec.corsHeaders, add: [], remove: [] });
    this.spec.record?.headersSent();
    writeHead(this.res, this.http2, statusCode, headers, statusText);
    this.res.on('drain', resume);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.discarding || this.done) return true;
    if (this.spec.record) this.spec.record.bytes += chunk.length;
    return (this.res as { write(chunk: Buffer): boolean }).write(chunk);
  }

  onComplete(): void {
    if (this.discarding) {
      this.discarding = false;
      this.retryLater();
      return;
    }
    if (this.done) return;
    this.finish();
    this.deps.stats.forwarded++;
    this.res.end();
  }

  onError(err: Error): void {
    if (this.backendTimer !== null) clearTimeout(this.backendTimer);
    this.backendTimer = null;
    if (this.clientGone || this.done) return;
    const backendTimeout = err instanceof TimeoutError && err.kind === 'backend';
    const code = (err as NodeJS.ErrnoException).code ?? '';
    // The endpoint could not be reached: eject it for a while (its Service's other endpoints take the traffic).
    if (this.endpoint !== null && (CONNECT_FAILURES.has(code) || isTlsFailure(code))) this.deps.picker.outliers.failed(this.endpoint);
    if (!this.discarding && this.canFailOver(code)) {
      this.failovers++;
      this.deps.stats.failovers++;
      this.failedEndpoint = this.endpoint;
      setImmediate(() => this.dispatch());
      return;
    }
    if (this.discarding || (this.canRetry() && (backendTimeout || RETRIABLE_ERRORS.has(code)))) {
      this.discarding = false;
      if (this.canRetry()) {
        this.retryLater();
        return;
      }
    }
    if (backendTimeout) {
      const { backend } = this.spec;
      this.fail(504, 'backend_timeout', `Service ${backend.service.namespace}/${backend.service.name}:${backend.port} did not answer within the backendRequest timeout (${this.spec.rule.timeouts.backendRequestMs ?? 0} ms)`);
      return;
    }
    const endpoint = this.endpoint ?? { address: '?', port: 0 };
    const failure = classifyUpstreamError(err, this.spec.tls, endpoint, this.spec.backend.tlsProblem);
    this.deps.logger.debug({ code: failure.code, err: code === '' ? err.name : code }, failure.reason);
    this.fail(failure.status, failure.code, failure.reason);
  }
}
