import { expect, type APIRequestContext } from '@playwright/test';
import { E2E_ADMIN_TOKEN } from './accounts';

/**
 * Objects for the resource-page specs, written through the REST API with the bootstrap token (the automation
 * path): each spec makes its own namespace's objects, and "someone else" editing concurrently is this API.
 */
const auth = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

export type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; resourceVersion?: string }; [k: string]: unknown };

export async function applyObjects(request: APIRequestContext, namespace: string, objects: object[]): Promise<void> {
  const r = await request.post(`/api/v1/apply?namespace=${namespace}`, { headers: auth, data: objects });
  expect(r.status(), await r.text()).toBe(200);
}

/** Deletes what a previous run of the spec left (the web server's data directory lives for one run, but be safe). */
export async function deleteIfPresent(request: APIRequestContext, path: string): Promise<void> {
  const r = await request.delete(`/api/v1/${path}`, { headers: auth });
  expect([200, 404], await r.text()).toContain(r.status());
}

export async function getObject(request: APIRequestContext, path: string): Promise<{ status: number; body: Obj }> {
  const r = await request.get(`/api/v1/${path}`, { headers: auth });
  return { status: r.status(), body: (await r.json()) as Obj };
}

/** Read-modify-write as another client would: the PUT carries the resourceVersion it read. */
export async function changeObject(request: APIRequestContext, path: string, change: (o: Obj) => Obj): Promise<Obj> {
  const { body } = await getObject(request, path);
  const r = await request.put(`/api/v1/${path}`, { headers: auth, data: change(body) });
  expect(r.status(), await r.text()).toBe(200);
  return (await r.json()) as Obj;
}

/** Listener ports of the resource specs: clear of the seed's (console port + 10/11) and of other engineers' runs. */
export function formsListenerPort(baseURL: string | undefined, offset: number): number {
  return Number(new URL(baseURL ?? 'http://127.0.0.1:3100').port) + 30 + offset;
}
