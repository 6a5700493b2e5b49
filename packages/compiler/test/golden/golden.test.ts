import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { parseObject } from '@gatehouse/domain/registry/parse-object';
import { compileSnapshot } from '../../src/compile/compile-snapshot';
import { DEFAULT_ENGINE, ENGINE_NAMES, type EngineName } from '../../src/engines/engine-name';
import { matchRequest, type MatchRequestInput } from '../../src/match/match-request';
import { selectTlsRoute } from '../../src/match/select-tls-route';

/**
 * Golden tests: every `<case>.in.yaml` (Kubernetes objects, plus an optional `kind: GoldenProbes`
 * document listing requests to match) compiles to `<case>.out.json`. Regenerate with UPDATE_GOLDEN=1
 * and review the diff like code. GoldenProbes `engines` (default `[node]`) compiles the case for each engine
 * named; an engine other than node writes `<case>.<engine>.out.json`.
 */
const DIR = import.meta.dirname;
const NOW = '2026-01-01T00:00:00Z';
const CONTROLLER = 'gatehouse.dev/gateway-controller';
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface Probe {
  port: number;
  host?: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  /** TLS server name (HTTPS ports); absent = not checked, as in the simulator. */
  sni?: string;
}

/**
 * Listener certificates need a private key; none is committed. Inputs name `GOLDEN_TEST_KEY` where a Secret's tls.key
 * goes, a key generated at test time is put there, and outputs show it as a placeholder (it differs on every run).
 */
const TEST_KEY_PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const TEST_KEY_PLACEHOLDER = '<private key generated at test time>';

function withTestKey(input: string): string {
  return input.replaceAll('GOLDEN_TEST_KEY', Buffer.from(TEST_KEY_PEM).toString('base64'));
}

function render(result: unknown): string {
  return JSON.stringify(result, (_k, v: unknown) => (v === TEST_KEY_PEM ? TEST_KEY_PLACEHOLDER : v), 2) + '\n';
}

function runCase(input: string, normalize: boolean, engine: EngineName = DEFAULT_ENGINE): unknown {
  const docs = parseAllDocuments(input).map((d) => d.toJSON() as Record<string, unknown> | null).filter((d) => d !== null);
  const probesDoc = docs.find((d) => d.kind === 'GoldenProbes');
  // Realistic cases go through the domain schemas first, as the console stores them (defaults applied).
  const raw = docs.filter((d) => d.kind !== 'GoldenProbes');
  const objects = (normalize ? raw.map((o) => parseObject(o)) : raw) as KubeObject[];
  const result = compileSnapshot({ revision: 1, objects }, { controllerName: CONTROLLER, now: NOW, ...(engine === DEFAULT_ENGINE ? {} : { engine }) });
  const probes = ((probesDoc?.requests ?? []) as Probe[]).map((p) => {
    const req: MatchRequestInput = { port: p.port, host: p.host, path: p.path, method: p.method ?? 'GET', headers: p.headers ?? {}, ...(p.sni === undefined ? {} : { sni: p.sni }) };
    const m = matchRequest(result.table, req, { explain: true });
    return {
      request: `${req.method} ${p.path} Host: ${p.host ?? '(none)'} port ${p.port}${p.sni === undefined ? '' : ` SNI "${p.sni}"`}${p.headers === undefined ? '' : ` headers ${JSON.stringify(p.headers)}`}`,
      outcome: m.outcome,
      route: m.route === null ? null : `${m.route.namespace}/${m.route.name}`,
      ruleIndex: m.ruleIndex,
      matchIndex: m.matchIndex,
      explanation: m.explanation,
    };
  });
  // TLS connections (TLS ports): which listener and TLSRoute the ClientHello's server name reaches.
  const tlsConnections = ((probesDoc?.tlsConnections ?? []) as Array<{ port: number; sni: string }>).map((c) => {
    const port = result.table.ports[String(c.port)];
    const hit = port === undefined ? null : selectTlsRoute(port, c.sni);
    return {
      connection: `port ${c.port} SNI "${c.sni}"`,
      listener: hit === null ? null : `${hit.listener.gateway.namespace}/${hit.listener.gateway.name}/${hit.listener.listener}`,
      route: hit === null ? null : `${hit.target.route.namespace}/${hit.target.route.name}`,
      via: hit?.target.routeHostname ?? null,
    };
  });
  return { statuses: result.statuses, table: result.table, probes, ...(tlsConnections.length === 0 ? {} : { tlsConnections }) };
}

/** The one case made of objects the API would refuse: it checks that the compiler survives them. */
const MALFORMED_CASE = 'invalid-backends-and-odd-input';

function readObjects(input: string): unknown[] {
  return parseAllDocuments(input).map((d) => d.toJSON() as Record<string, unknown> | null).filter((d) => d !== null && d.kind !== 'GoldenProbes');
}

/** The engines a case is compiled for (its GoldenProbes `engines`), node first. */
function enginesOf(input: string): EngineName[] {
  const probes = parseAllDocuments(input).map((d) => d.toJSON() as Record<string, unknown> | null).find((d) => d?.kind === 'GoldenProbes');
  const listed = (probes?.engines ?? [DEFAULT_ENGINE]) as string[];
  for (const e of listed) if (!(ENGINE_NAMES as readonly string[]).includes(e)) throw new Error(`unknown engine ${e}`);
  return ENGINE_NAMES.filter((e) => listed.includes(e));
}

const cases = readdirSync(DIR).filter((f) => f.endsWith('.in.yaml')).map((f) => f.slice(0, -'.in.yaml'.length)).sort();

describe('compiler golden files', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });
  it('feeds realistic objects: every other input passes the domain schemas (what the console stores)', () => {
    for (const name of cases.filter((c) => c !== MALFORMED_CASE)) {
      for (const obj of readObjects(withTestKey(readFileSync(join(DIR, `${name}.in.yaml`), 'utf8')))) expect(() => parseObject(obj), name).not.toThrow();
    }
  });
  for (const name of cases) {
    const raw = readFileSync(join(DIR, `${name}.in.yaml`), 'utf8');
    for (const engine of enginesOf(raw)) {
      it(engine === DEFAULT_ENGINE ? name : `${name} (${engine} engine)`, () => {
        const input = withTestKey(raw);
        const normalize = name !== MALFORMED_CASE;
        const actual = render(runCase(input, normalize, engine));
        // Same input, same output: the compiler is pure.
        expect(render(runCase(input, normalize, engine))).toBe(actual);
        const outPath = join(DIR, engine === DEFAULT_ENGINE ? `${name}.out.json` : `${name}.${engine}.out.json`);
        if (UPDATE || !existsSync(outPath)) writeFileSync(outPath, actual);
        expect(actual).toBe(readFileSync(outPath, 'utf8'));
      });
    }
  }
});
