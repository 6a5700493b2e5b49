/** A small client of Gatehouse's REST API for the demo and the end-to-end tests. */
export class GatehouseApi {
  constructor(readonly baseUrl: string, readonly token: string) {}

  async request(method: string, path: string, body?: string | object, contentType = 'application/json'): Promise<{ status: number; json: unknown; text: string }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  }

  /** POST /api/v1/apply with YAML (like `kubectl apply -n NAMESPACE -f -`). */
  async applyYaml(yaml: string, namespace?: string): Promise<{ status: number; json: unknown; text: string }> {
    return this.request('POST', `/api/v1/apply${namespace ? `?namespace=${encodeURIComponent(namespace)}` : ''}`, yaml, 'application/yaml');
  }

  async applyObjects(objects: object[], namespace?: string): Promise<{ status: number; json: unknown; text: string }> {
    return this.request('POST', `/api/v1/apply${namespace ? `?namespace=${encodeURIComponent(namespace)}` : ''}`, objects);
  }
}

/** One plain-HTTP request to the gateway, Host set as curl --connect-to would. */
export async function requestThroughGateway(port: number, host: string, path: string): Promise<{ status: number; body: string; headers: Headers }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { host, 'user-agent': 'gatehouse-demo' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers });
      });
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}
