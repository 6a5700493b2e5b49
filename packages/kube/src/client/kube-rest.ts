import { Agent, request as httpsRequest, type RequestOptions } from 'node:https';
import { request as httpRequest } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';

export interface KubeResponse<T = unknown> {
  status: number;
  /** The parsed JSON body (a Kubernetes object, list or Status), undefined when the body is not JSON. */
  json: T;
  text: string;
}

export interface KubeRequestOptions {
  query?: Record<string, string | undefined>;
  /** An object (sent as JSON, or YAML/JSON text for apply patches) or text. */
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
}

/**
 * A thin JSON client for the Kubernetes REST API. @kubernetes/client-node reads the kubeconfig and supplies TLS
 * and credentials (`applyToHTTPSOptions`); the requests themselves are plain so that callers see raw objects
 * (client-node's typed deserialisers turn timestamps into Dates and drop unknown fields, which would make a
 * plan's diff lie) and every status code (409 conflicts, 422 validation) as it is. One keep-alive agent per
 * cluster; every request is counted (benchmarks print how many API calls a push makes).
 */
export class KubeRest {
  readonly server: string;
  readonly counts = { reads: 0, writes: 0 };
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 16 });

  constructor(readonly kc: KubeConfig) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    this.server = cluster.server.replace(/\/+$/, '');
  }

  static fromKubeconfig(yaml: string, context?: string): KubeRest {
    const kc = new KubeConfig();
    kc.loadFromString(yaml);
    if (context) kc.setCurrentContext(context);
    return new KubeRest(kc);
  }

  /**
   * The pod's service account (KUBERNETES_SERVICE_HOST/PORT, /var/run/secrets/kubernetes.io/serviceaccount).
   * GATEHOUSE_SERVICEACCOUNT_ROOT prefixes that path (tests lay out a service account in a temporary directory).
   */
  static inCluster(): KubeRest {
    const kc = new KubeConfig();
    kc.loadFromCluster(process.env.GATEHOUSE_SERVICEACCOUNT_ROOT ?? '');
    return new KubeRest(kc);
  }

  close(): void {
    this.agent.destroy();
  }

  async request<T = unknown>(method: string, path: string, opts: KubeRequestOptions = {}): Promise<KubeResponse<T>> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const options: RequestOptions = { method, headers: { accept: 'application/json' } };
    await this.kc.applyToHTTPSOptions(options);
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      (options.headers as Record<string, string>)['content-type'] = opts.contentType ?? 'application/json';
      (options.headers as Record<string, string>)['content-length'] = String(Buffer.byteLength(body));
    }
    if (method === 'GET') this.counts.reads++;
    else this.counts.writes++;
    const secure = url.protocol === 'https:';
    return new Promise<KubeResponse<T>>((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(url, { ...options, ...(secure ? { agent: this.agent } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json: json as T, text });
        });
        res.on('error', reject);
      });
      req.setTimeout(opts.timeoutMs ?? 30_000, () => req.destroy(new Error(`${method} ${url.pathname}: no answer within ${opts.timeoutMs ?? 30_000} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}

/** The message of a Kubernetes Status body, or the status line. */
export function statusMessage(res: KubeResponse): string {
  const j = res.json as { message?: string } | undefined;
  return j?.message ?? (res.text.slice(0, 300) || `HTTP ${res.status}`);
}

export class KubeApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function expectOk<T>(res: KubeResponse<T>, what: string): T {
  if (res.status >= 200 && res.status < 300) return res.json;
  throw new KubeApiError(res.status, `${what}: ${res.status} ${statusMessage(res)}`);
}
