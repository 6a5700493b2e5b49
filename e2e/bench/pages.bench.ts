/**
 * `npm run bench:pages` (issue 12 §8, "fast"): how long each main page of the console takes to show its content
 * in a real browser. Starts its own console and worker (`npm start` on free ports, a fresh data directory),
 * stores 1,000 objects through POST /api/v1/apply — 400 HTTPRoutes, 100 Gateways, 200 Services, 200 Secrets and
 * 100 UpstreamTLSPolicies across 10 namespaces — plus a CA and 9 certificates, then loads every page N times in
 * Chromium (Playwright's library API, the browser and flags of playwright.config.ts) after warm-up loads, and
 * prints the median and p95 time from navigation start to the page's main content being visible (the list's first
 * row, the dashboard's counts, the object's status and relationships: nothing left saying "Loading…"). Then it
 * stores 10,000 HTTPRoutes in all and measures the pages that list or count routes again.
 *
 * A benchmark, not a test: it prints figures and asserts nothing. Goal on the 2-core machine: under 500 ms.
 * Env: BENCH_RUNS (10 measured loads a page), BENCH_WARMUP (2), BENCH_BIG_ROUTES (10000; 0 skips that part),
 * GATEHOUSE_NEXT_DIST_DIR (the console build to use, as for `npm start`; built first if missing or stale).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import playwrightConfig from '../../playwright.config';
import { freePort, startGatehouse, type Gatehouse } from '../../scripts/scenario/processes';
import { makeSeedCerts } from '../../scripts/scenario/seed-certs';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const BIG_ROUTES = Number(process.env.BENCH_BIG_ROUTES ?? 10_000);
const NAMESPACES = 10;
const GOAL_MS = 500;
const ADMIN = { username: 'bench', password: 'page-timing-secret-123', displayName: 'Bench Admin' };

const ns = (i: number) => `bench-${i % NAMESPACES}`;
/** The k-th object of a kind in the namespace of object i (objects of every kind are dealt round the namespaces). */
const sameNs = (i: number, count: number) => (Math.floor(i / NAMESPACES) % (count / NAMESPACES)) * NAMESPACES + (i % NAMESPACES);

function route(i: number): object {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: `route-${i}`, namespace: ns(i), labels: { app: `app-${i % 20}` } },
    spec: {
      parentRefs: [{ name: `gw-${sameNs(i, 100)}` }],
      hostnames: [`app-${i}.example.com`],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: `/api/${i}` } }], backendRefs: [{ name: `svc-${sameNs(i, 200)}`, port: 8080 }] }],
    },
  };
}

function thousandObjects(ports: number[], caPem: string): object[] {
  const out: object[] = [];
  for (let i = 0; i < 100; i++) {
    out.push({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: `gw-${i}`, namespace: ns(i) },
      spec: { gatewayClassName: 'gatehouse', listeners: [{ name: 'http', protocol: 'HTTP', port: ports[i], allowedRoutes: { namespaces: { from: 'Same' } } }] } });
  }
  for (let i = 0; i < 200; i++) {
    out.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}`, namespace: ns(i) },
      spec: { selector: { app: `svc-${i}` }, ports: [{ name: 'http', protocol: 'TCP', port: 8080 }, { name: 'https', protocol: 'TCP', port: 8443 }] } });
  }
  for (let i = 0; i < 200; i++) {
    out.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `ca-${i}`, namespace: ns(i) }, type: 'Opaque', data: { 'ca.crt': Buffer.from(caPem).toString('base64') } });
  }
  for (let i = 0; i < 100; i++) {
    out.push({ apiVersion: 'gateway.flomesh.io/v1alpha1', kind: 'UpstreamTLSPolicy', metadata: { name: `tls-${i}`, namespace: ns(i) },
      spec: { targetRef: { group: '', kind: 'Service', name: `svc-${sameNs(i, 200)}`, namespace: ns(i) },
        ports: [{ port: 8443, config: { certificateRef: { namespace: ns(i), name: `ca-${sameNs(i, 200)}` }, mTLS: false } }] } });
  }
  for (let i = 0; i < 400; i++) out.push(route(i));
  return out;
}

async function api(gh: Gatehouse, method: string, path: string, body?: unknown): Promise<unknown> {
  const r = await fetch(`${gh.url}${path}`, {
    method, headers: { authorization: `Bearer ${gh.token}`, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

async function applyInBatches(gh: Gatehouse, objects: object[], batch: number): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < objects.length; i += batch) await api(gh, 'POST', '/api/v1/apply', objects.slice(i, i + batch));
  return performance.now() - t;
}

/** What "the page's main content is visible" means on one page; checked in the browser every animation frame. */
interface Ready {
  /** Present and visible once the data is drawn (the list's first row, the graph…). */
  selector: string;
  /** Elements that show "…" until their count arrives (the dashboard's figures). */
  noEllipsis?: string;
}

interface PageCase {
  name: string;
  path: string;
  ready: Ready;
  /** The sidebar link that opens it, for the in-app navigation figure. */
  nav?: string;
}

const LIST_ROW: Ready = { selector: 'main table tbody tr' };
const MAIN_PAGES: PageCase[] = [
  { name: 'Dashboard', path: '/', ready: { selector: 'main .stat-value', noEllipsis: 'main .stat-value' }, nav: 'Dashboard' },
  { name: 'Gateways', path: '/gateways', ready: LIST_ROW, nav: 'Gateways' },
  { name: 'Routes', path: '/routes', ready: LIST_ROW, nav: 'Routes' },
  { name: 'Services', path: '/services', ready: LIST_ROW, nav: 'Services' },
  { name: 'TLS Policies', path: '/tls-policies', ready: LIST_ROW, nav: 'TLS Policies' },
  { name: 'Certificates', path: '/certificates', ready: LIST_ROW, nav: 'Certificates' },
  { name: 'Secrets', path: '/secrets', ready: LIST_ROW, nav: 'Secrets' },
  { name: 'Clusters (none)', path: '/clusters', ready: { selector: 'main h1' }, nav: 'Clusters' },
  { name: 'Audit Log', path: '/audit', ready: LIST_ROW, nav: 'Audit Log' },
  { name: 'Settings', path: '/settings', ready: LIST_ROW, nav: 'Settings' },
  { name: 'Topology (1 namespace)', path: '/topology?namespace=bench-3', ready: { selector: 'main svg.topo-svg' } },
  { name: 'Gateway page', path: '/resources/gateways/bench-3/gw-3', ready: { selector: 'main .detail-grid' } },
  { name: 'Route page', path: '/resources/httproutes/bench-3/route-3', ready: { selector: 'main .detail-grid' } },
  { name: 'Route edit form', path: '/resources/httproutes/bench-3/route-3/edit', ready: { selector: 'main form[aria-label="Edit HTTPRoute"]' } },
];
const BIG_PAGES: PageCase[] = [
  { name: 'Routes', path: '/routes', ready: LIST_ROW, nav: 'Routes' },
  { name: 'Routes, one namespace', path: '/routes?namespace=bench-3', ready: LIST_ROW },
  { name: 'Routes, name filter', path: '/routes?q=route-99', ready: LIST_ROW },
  { name: 'Dashboard', path: '/', ready: { selector: 'main .stat-value', noEllipsis: 'main .stat-value' }, nav: 'Dashboard' },
  { name: 'Gateway page', path: '/resources/gateways/bench-3/gw-3', ready: { selector: 'main .detail-grid' } },
];

/** Resolves with the page's performance.now() (ms since its navigation started) on the frame the content is ready. */
async function whenReady(page: Page, ready: Ready): Promise<number> {
  const handle = await page.waitForFunction((r: Ready) => {
    if (!document.querySelector('main h1')) return false;
    if ([...document.querySelectorAll('[role="status"]')].some((e) => e.textContent?.trim().startsWith('Loading'))) return false;
    const el = document.querySelector<HTMLElement>(r.selector);
    if (!el || el.getClientRects().length === 0) return false;
    if (r.noEllipsis && [...document.querySelectorAll(r.noEllipsis)].some((e) => e.textContent?.trim() === '…')) return false;
    return performance.now();
  }, ready, { polling: 'raf', timeout: 60_000 });
  return (await handle.jsonValue()) as number;
}

interface Figures { median: number; p95: number; min: number; max: number }
function figures(samples: number[]): Figures {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
  return { median: s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2, p95: at(0.95), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
}

interface Row { name: string; load: Figures; html: Figures; nav?: Figures }

/** Full loads (page.goto: the HTML, the cached scripts, hydration, the data) and, where a sidebar link leads there, in-app navigations. */
async function measure(context: BrowserContext, cases: PageCase[]): Promise<Row[]> {
  const page = await context.newPage();
  const rows: Row[] = [];
  for (const c of cases) {
    const load: number[] = [];
    const html: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      await page.goto(c.path, { waitUntil: 'commit' });
      const t = await whenReady(page, c.ready);
      const ttfb = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.responseStart ?? NaN);
      if (i >= WARMUP) {
        load.push(t);
        html.push(ttfb);
      }
    }
    let nav: Figures | undefined;
    if (c.nav) {
      const samples: number[] = [];
      const from = c.path === '/settings' ? '/' : '/settings';
      for (let i = 0; i < WARMUP + RUNS; i++) {
        await page.goto(from);
        await whenReady(page, from === '/' ? MAIN_PAGES[0]!.ready : LIST_ROW);
        const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: c.nav, exact: true });
        const t0 = await page.evaluate(() => performance.now());
        await link.click();
        await page.waitForURL((u) => u.pathname === c.path.split('?')[0]);
        const t1 = await whenReady(page, c.ready);
        if (i >= WARMUP) samples.push(t1 - t0);
      }
      nav = figures(samples);
    }
    const row: Row = { name: c.name, load: figures(load), html: figures(html), ...(nav ? { nav } : {}) };
    rows.push(row);
    process.stdout.write(`  measured ${c.name}: median ${row.load.median.toFixed(0)} ms\n`);
  }
  await page.close();
  return rows;
}

function printTable(title: string, rows: Row[]): void {
  const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(0)).padStart(6);
  console.log(`\n${title}`);
  console.log(`${'page'.padEnd(24)} ${'median'.padStart(6)} ${'p95'.padStart(6)} ${'min'.padStart(6)} ${'max'.padStart(6)}   ${'html'.padStart(6)}   ${'nav'.padStart(6)} ${'nav95'.padStart(6)}   goal ${GOAL_MS} ms`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(24)} ${ms(r.load.median)} ${ms(r.load.p95)} ${ms(r.load.min)} ${ms(r.load.max)}   ${ms(r.html.median)}   ${ms(r.nav?.median)} ${ms(r.nav?.p95)}   ${r.load.median < GOAL_MS ? 'under' : 'OVER'}`);
  }
  console.log('(ms from navigation start to the main content drawn; html = median time to the first byte of the page; nav = clicking the sidebar link from another page)');
}

const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-pages-'));
const certDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-pages-certs-'));
let gh: Gatehouse | undefined;
const launchOptions = playwrightConfig.use?.launchOptions ?? {};
try {
  console.log(`bench:pages — ${RUNS} measured loads a page after ${WARMUP} warm-up loads; goal: under ${GOAL_MS} ms with 1,000 objects stored`);
  console.log(`starting the console and worker (data in ${dataDir}; builds ${process.env.GATEHOUSE_NEXT_DIST_DIR ?? '.next'} first if it is missing or stale)…`);
  gh = await startGatehouse({ dataDir });
  const caPem = readFileSync(makeSeedCerts(certDir).caCert, 'utf8');
  const ports = await Promise.all(Array.from({ length: 100 }, () => freePort()));
  const objects = thousandObjects(ports, caPem);
  console.log(`stored ${objects.length} objects through POST /api/v1/apply in ${(await applyInBatches(gh, objects, 250)).toFixed(0)} ms`);
  const ca = (await api(gh, 'POST', '/api/v1/certificates/root-ca', { name: 'Bench root CA', subject: { commonName: 'Bench Root CA' } })) as { id: string };
  for (let i = 0; i < 9; i++) {
    await api(gh, 'POST', '/api/v1/certificates/issue', { issuerId: ca.id, name: `app-${i}.example.com`, subject: { commonName: `app-${i}.example.com` }, sans: [`app-${i}.example.com`] });
  }
  await api(gh, 'POST', '/api/v1/setup', { ...ADMIN, setupCode: gh.token });

  const browser = await chromium.launch(launchOptions);
  try {
    const context = await browser.newContext({ baseURL: gh.url, viewport: { width: 1280, height: 800 } });
    const signIn = await context.request.post('/api/v1/session', { data: { username: ADMIN.username, password: ADMIN.password } });
    if (signIn.status() !== 200) throw new Error(`sign-in: ${signIn.status()} ${await signIn.text()}`);
    const small = await measure(context, MAIN_PAGES);
    printTable(`Main pages with ${objects.length} objects stored (400 HTTPRoutes, 100 Gateways, 200 Services, 200 Secrets, 100 UpstreamTLSPolicies in ${NAMESPACES} namespaces; 10 certificates):`, small);

    if (BIG_ROUTES > 400) {
      const more = Array.from({ length: BIG_ROUTES - 400 }, (_, k) => route(400 + k));
      console.log(`\nstoring ${more.length} more HTTPRoutes (${BIG_ROUTES} in all) in batches of 500…`);
      console.log(`stored in ${((await applyInBatches(gh, more, 500)) / 1000).toFixed(1)} s`);
      const big = await measure(context, BIG_PAGES);
      printTable(`With ${BIG_ROUTES.toLocaleString('en')} HTTPRoutes stored (${(BIG_ROUTES + 600).toLocaleString('en')} objects; lists are paged by the server, 25 a page):`, big);
    }
    await context.close();
  } finally {
    await browser.close();
  }
} catch (e) {
  console.error(e);
  if (gh) console.error(`console and worker output (last part):\n${gh.output().slice(-4000)}`);
  process.exitCode = 1;
} finally {
  await gh?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(certDir, { recursive: true, force: true });
}
