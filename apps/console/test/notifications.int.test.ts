/**
 * Notifications (issue 12 §6) on SQLite and PostgreSQL, against real receivers run by the test: an SMTP server
 * (smtp-server, spoken to by nodemailer) and an HTTP server on 127.0.0.1 for the signed webhook and the
 * Slack-shaped one. Time is injected (`now`) and the detector and dispatcher passes are called directly, so the
 * retry schedule is checked exactly without sleeping.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { WebhookPayloadSchema } from '@gatehouse/domain/notification/webhook-payload.schema';
import { renewDueCertificates } from '../src/server/services/certificates/auto-renew';
import type { ServiceDeps } from '../src/server/services/deps';
import { runDetectors } from '../src/server/services/notifications/detect';
import { dispatchDue } from '../src/server/services/notifications/dispatcher';
import { verifyWebhookSignature } from '../src/server/services/notifications/senders/signature';
import { createHarness, type Harness } from './support/console-harness';

const DAY = 86_400_000;
const WEBHOOK_SECRET = 'whsec-notify-test-0123456789abcdef';
const SLACK_PATH = '/slack/T0000/B0000/xoxb-sekrit-slack-path-9876';
const SMTP_USER = 'mailer';
const SMTP_PASSWORD = 'smtp-pass-never-shown-4321';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
interface Mail {
  from: string;
  to: string[];
  raw: string;
  user: string | undefined;
}

// ---- the receivers -------------------------------------------------------------------------------------------

const requests: Received[] = [];
/** Answers per path, consumed in order; then 200. */
const scripted = new Map<string, number[]>();
let http: Server;
let httpBase = '';

const mails: Mail[] = [];
let smtp: SMTPServer;
let smtpPort = 0;

beforeAll(async () => {
  http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = scripted.get(req.url ?? '')?.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : status === 410 ? 'no_service' : 'try later');
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  httpBase = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  smtp = new SMTPServer({
    secure: false,
    allowInsecureAuth: true,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) cb(null, { user: SMTP_USER });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((r) => http.close(() => r()));
  await new Promise<void>((r) => smtp.close(() => r()));
});

/** Quoted-printable soft breaks and escapes undone, for reading a mail body as text. */
function decodeQuotedPrintable(s: string): string {
  return s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) decoded, as a mail client shows a header. */
function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m: string, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'));
}
function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const value = new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1];
  return value === undefined ? undefined : decodeEncodedWords(value);
}

// ---- the suite, once per database ----------------------------------------------------------------------------

forEachDatabase((t) => {
  let h: Harness;
  let clock: Date;
  /** The runtime with an injected clock: what the timer would do, at the moment the test chooses. */
  let deps: ServiceDeps;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await createHarness(t.db, { GATEHOUSE_NOTIFY_INTERVAL: '0', GATEHOUSE_CERT_RENEW_INTERVAL: '0', GATEHOUSE_DRIFT_INTERVAL: '0' });
    clock = new Date();
    deps = { ...h.rt, now: () => clock };
  });
  beforeEach(() => {
    requests.length = 0;
    mails.length = 0;
    scripted.clear();
  });

  const createChannel = async (body: object) => {
    const r = await h.call('POST', '/api/v1/notification-channels', { body });
    expect(r.status, r.text).toBe(201);
    return r.json as { id: string; [k: string]: unknown };
  };

  it('only administrators manage channels; everyone signed in reads notifications', async () => {
    const webhook = { name: 'refused', kind: 'webhook', url: `${httpBase}/hook`, secret: WEBHOOK_SECRET };
    for (const role of ['viewer', 'editor'] as const) {
      const token = await h.tokenFor(role);
      const r = await h.call('POST', '/api/v1/notification-channels', { token, body: webhook });
      expect(r.status, r.text).toBe(403);
      expect(r.json.message).toBe(`role ${role} may not manage notification channels`);
      expect((await h.call('GET', '/api/v1/notification-channels', { token })).status).toBe(403);
      expect((await h.call('GET', '/api/v1/notifications', { token })).status).toBe(200);
    }
    expect((await h.call('GET', '/api/v1/notifications', { token: await h.tokenFor('worker') })).status).toBe(403);
    expect((await h.call('GET', '/api/v1/notifications', { token: null })).status).toBe(401);
  });

  it('validates channels and names each problem by field', async () => {
    const bad = await h.call('POST', '/api/v1/notification-channels', { body: { name: 'x', kind: 'webhook', url: 'ftp://example.com', secret: 'short', events: [] } });
    expect(bad.status).toBe(400);
    expect(bad.json.details.map((d: { path: string }) => d.path).sort()).toEqual(['events', 'secret', 'url']);
    const mail = await h.call('POST', '/api/v1/notification-channels', { body: { name: 'm', kind: 'email', host: 'smtp://x', port: 0, tls: 'ssl', from: 'nobody', to: [] } });
    expect(mail.json.details.map((d: { path: string }) => d.path).sort()).toEqual(['from', 'host', 'port', 'tls', 'to']);
    expect((await h.call('POST', '/api/v1/notification-channels', { body: { name: 'k', kind: 'pager' } })).json.details[0].path).toBe('kind');
  });

  it('stores credentials encrypted and never answers them; updates keep them when left out', async () => {
    const hook = await createChannel({ name: 'ops webhook', kind: 'webhook', url: `${httpBase}/hook`, secret: WEBHOOK_SECRET, events: ['certificate.expiring'] });
    const slack = await createChannel({ name: 'ops slack', kind: 'slack', url: `${httpBase}${SLACK_PATH}`, events: ['certificate.expiring'] });
    const mail = await createChannel({
      name: 'ops mail', kind: 'email', host: '127.0.0.1', port: smtpPort, tls: 'none', username: SMTP_USER, password: SMTP_PASSWORD,
      from: 'Gatehouse <gatehouse@example.com>', to: ['ops@example.com', 'oncall@example.com'], events: ['certificate.expiring'],
    });
    Object.assign(ids, { hook: hook.id, slack: slack.id, mail: mail.id });
    expect(hook).toMatchObject({ kind: 'webhook', url: `${httpBase}/hook`, secretSet: true, enabled: true, events: ['certificate.expiring'], createdBy: 'bootstrap' });
    expect(slack).toMatchObject({ kind: 'slack', urlHint: `${httpBase}/…` });
    expect(mail).toMatchObject({ kind: 'email', host: '127.0.0.1', port: smtpPort, tls: 'none', username: SMTP_USER, passwordSet: true, to: ['ops@example.com', 'oncall@example.com'] });
    expect((await h.call('POST', '/api/v1/notification-channels', { body: { name: 'ops mail', kind: 'slack', url: `${httpBase}/x` } })).status).toBe(409);

    for (const row of await t.db.prisma.notificationChannel.findMany()) {
      expect(row.secret).toMatch(/^gh1\./);
      for (const s of [WEBHOOK_SECRET, SLACK_PATH, SMTP_PASSWORD]) expect(row.secret! + row.config).not.toContain(s);
    }
    // A full replacement without the credentials keeps them (the console never has them to send back).
    const put = await h.call('PUT', `/api/v1/notification-channels/${hook.id}`, { body: { name: 'ops webhook', kind: 'webhook', url: `${httpBase}/hook`, events: ['certificate.expiring'] } });
    expect(put.status, put.text).toBe(200);
    expect(put.json.secretSet).toBe(true);
    const changeKind = await h.call('PUT', `/api/v1/notification-channels/${hook.id}`, { body: { name: 'ops webhook', kind: 'slack', url: `${httpBase}/x` } });
    expect(changeKind.status).toBe(400);
    expect(changeKind.json.details[0].path).toBe('kind');
    expect((await h.call('GET', '/api/v1/notification-channels/nope')).status).toBe(404);
  });

  it('a certificate expiring in under 7 days: e-mail through real SMTP, a signed webhook and a Slack message, once', async () => {
    const ca = await h.call('POST', '/api/v1/certificates/root-ca', { body: { name: 'notify-ca', subject: { commonName: 'Notify Test CA' }, validityDays: 5 } });
    expect(ca.status, ca.text).toBe(201);
    ids.ca = ca.json.id;
    clock = new Date();

    const first = await runDetectors(deps);
    expect(first).toEqual({ created: 1, types: { 'certificate.expiring': 1 } });
    // Detected again (the next timer pass, or another replica): nothing new.
    expect(await runDetectors(deps)).toEqual({ created: 0, types: {} });

    const out = await dispatchDue(deps);
    expect(out).toEqual({ attempted: 3, delivered: 3, retrying: 0, failed: 0 });
    expect(await dispatchDue(deps)).toEqual({ attempted: 0, delivered: 0, retrying: 0, failed: 0 });

    // E-mail: authenticated with the stored password, to both recipients, the right subject and body.
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.user).toBe(SMTP_USER);
    expect(mail.from).toBe('gatehouse@example.com');
    expect(mail.to).toEqual(['ops@example.com', 'oncall@example.com']);
    expect(header(mail.raw, 'Subject')).toBe('[Gatehouse] WARNING: CA certificate "notify-ca" expires in 5 days');
    expect(header(mail.raw, 'X-Gatehouse-Event')).toBe('certificate.expiring');
    const text = decodeQuotedPrintable(mail.raw);
    expect(text).toContain(`It is valid until ${new Date(ca.json.notAfter).toISOString()}.`);
    expect(text).toContain('CN Notify Test CA');
    expect(text).toContain(`Console page: /certificates/${ids.ca}`);

    // Webhook: a valid HMAC over "<timestamp>.<body>", verified as a receiver would.
    const hooks = requests.filter((r) => r.path === '/hook');
    expect(hooks).toHaveLength(1);
    const hook = hooks[0]!;
    expect(hook.headers['content-type']).toBe('application/json');
    expect(verifyWebhookSignature({ secret: WEBHOOK_SECRET, rawBody: hook.body, timestamp: hook.headers['x-gatehouse-timestamp'] as string, signature: hook.headers['x-gatehouse-signature'] as string, now: clock })).toEqual({ ok: true });
    expect(verifyWebhookSignature({ secret: 'another-secret-0123456789', rawBody: hook.body, timestamp: hook.headers['x-gatehouse-timestamp'] as string, signature: hook.headers['x-gatehouse-signature'] as string, now: clock }).ok).toBe(false);
    const payload = WebhookPayloadSchema.parse(JSON.parse(hook.body));
    expect(payload.notification).toMatchObject({ type: 'certificate.expiring', severity: 'warning', title: 'CA certificate "notify-ca" expires in 5 days', subject: { kind: 'Certificate', name: 'notify-ca', id: ids.ca }, path: `/certificates/${ids.ca}` });
    expect(hook.headers['x-gatehouse-event']).toBe('certificate.expiring');
    expect(hook.headers['x-gatehouse-delivery']).toBe(payload.deliveryId);

    // Slack: {text, blocks} at the secret URL.
    const slack = requests.filter((r) => r.path === SLACK_PATH);
    expect(slack).toHaveLength(1);
    const msg = JSON.parse(slack[0]!.body);
    expect(msg.text).toBe(':warning: [WARNING] CA certificate "notify-ca" expires in 5 days');
    expect(msg.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'context']);

    // The deliveries are recorded per channel.
    const deliveries = await h.call('GET', `/api/v1/notification-channels/${ids.mail}/deliveries`);
    expect(deliveries.json.items).toHaveLength(1);
    expect(deliveries.json.items[0]).toMatchObject({ status: 'delivered', attemptCount: 1, maxAttempts: 8, notification: { type: 'certificate.expiring' }, attempts: [{ ok: true, statusCode: 250 }] });
    const channels = await h.call('GET', '/api/v1/notification-channels');
    expect(channels.json.items.map((c: { name: string; lastDelivery?: { status: string } }) => [c.name, c.lastDelivery?.status])).toEqual([['ops mail', 'delivered'], ['ops slack', 'delivered'], ['ops webhook', 'delivered']]);

    // The next threshold is news again: a day before expiry, once more (1 day, critical).
    clock = new Date(new Date(ca.json.notAfter).getTime() - 12 * 3_600_000);
    expect(await runDetectors(deps)).toMatchObject({ created: 1 });
    clock = new Date();
  });

  it('retries a receiver that fails twice (503) with backoff, and records the three attempts', async () => {
    const flaky = await createChannel({ name: 'flaky', kind: 'webhook', url: `${httpBase}/flaky`, secret: WEBHOOK_SECRET, events: ['worker.unreachable'] });
    scripted.set('/flaky', [503, 503]);
    const t0 = new Date();
    clock = t0;
    await t.db.prisma.workerStatus.create({ data: { id: 'worker-gone', name: 'edge-7', revision: 3, lastSeenAt: new Date(t0.getTime() - 5 * 60_000), address: '127.0.0.1:9901' } });
    expect(await runDetectors(deps)).toMatchObject({ created: 1, types: { 'worker.unreachable': 1 } });

    expect(await dispatchDue(deps)).toEqual({ attempted: 1, delivered: 0, retrying: 1, failed: 0 });
    clock = new Date(t0.getTime() + 9_999);
    expect((await dispatchDue(deps)).attempted).toBe(0); // not yet: 10 s after the first attempt
    clock = new Date(t0.getTime() + 10_000);
    expect(await dispatchDue(deps)).toEqual({ attempted: 1, delivered: 0, retrying: 1, failed: 0 });
    clock = new Date(t0.getTime() + 29_999);
    expect((await dispatchDue(deps)).attempted).toBe(0); // 20 s after the second
    clock = new Date(t0.getTime() + 30_000);
    expect(await dispatchDue(deps)).toEqual({ attempted: 1, delivered: 1, retrying: 0, failed: 0 });

    const sent = requests.filter((r) => r.path === '/flaky');
    expect(sent).toHaveLength(3);
    // One delivery, three tries: the same delivery id each time (receivers can deduplicate), each one signed.
    expect(new Set(sent.map((r) => r.headers['x-gatehouse-delivery'])).size).toBe(1);
    expect(JSON.parse(sent[0]!.body).notification.title).toBe('Worker edge-7 is unreachable');
    const d = (await h.call('GET', `/api/v1/notification-channels/${flaky.id}/deliveries`)).json.items;
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ status: 'delivered', attemptCount: 3, lastError: null, nextAttemptAt: null, deliveredAt: new Date(t0.getTime() + 30_000).toISOString() });
    expect(d[0].attempts.map((a: { at: string; ok: boolean; statusCode: number; error?: string }) => [a.at, a.ok, a.statusCode, a.error ?? ''])).toEqual([
      [t0.toISOString(), false, 503, 'HTTP 503 Service Unavailable: try later'],
      [new Date(t0.getTime() + 10_000).toISOString(), false, 503, 'HTTP 503 Service Unavailable: try later'],
      [new Date(t0.getTime() + 30_000).toISOString(), true, 200, ''],
    ]);
    // The outage is one notification however long it lasts.
    clock = new Date(t0.getTime() + 3_600_000);
    expect((await runDetectors(deps)).types['worker.unreachable']).toBeUndefined();
    clock = new Date();
    expect((await h.call('DELETE', `/api/v1/notification-channels/${flaky.id}`)).status).toBe(200);
  });

  it('gives up at once on a permanent failure (HTTP 410), and detects failed pushes and drift from the cluster tables', async () => {
    const gone = await createChannel({ name: 'gone', kind: 'slack', url: `${httpBase}/gone`, events: ['cluster.push-failed', 'cluster.drift'] });
    scripted.set('/gone', [410, 410]);
    const now = new Date();
    clock = now;
    await t.db.prisma.cluster.create({ data: { id: 'cluster-1', name: 'prod', server: 'https://127.0.0.1:6443', source: 'kubeconfig', createdAt: now, createdBy: 'test' } });
    await t.db.prisma.clusterPush.create({
      data: {
        clusterId: 'cluster-1', number: 1, time: now, actorName: 'ada', storeRevision: 4, namespaces: '["web"]', prune: false, force: false, outcome: 'partial',
        items: JSON.stringify([{ kind: 'HTTPRoute', namespace: 'web', name: 'site', outcome: 'failed', message: 'Apply failed with 1 conflict: conflict with "kubectl"' }, { kind: 'Gateway', namespace: 'web', name: 'edge', outcome: 'created' }]),
      },
    });
    await t.db.prisma.clusterObject.create({
      data: { clusterId: 'cluster-1', key: 'Gateway/web/edge', apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', namespace: 'web', name: 'edge', owned: true, manifest: '{}', pushedAt: now, driftState: 'deleted', driftCheckedAt: now },
    });
    expect(await runDetectors(deps)).toEqual({ created: 2, types: { 'cluster.push-failed': 1, 'cluster.drift': 1 } });
    expect(await runDetectors(deps)).toEqual({ created: 0, types: {} });
    expect(await dispatchDue(deps)).toEqual({ attempted: 2, delivered: 0, retrying: 0, failed: 2 });
    const d = (await h.call('GET', `/api/v1/notification-channels/${gone.id}/deliveries`)).json.items;
    expect(d.map((x: { status: string; attemptCount: number; lastError: string }) => [x.status, x.attemptCount, x.lastError])).toEqual([
      ['failed', 1, 'HTTP 410 Gone: no_service'], ['failed', 1, 'HTTP 410 Gone: no_service'],
    ]);
    const list = (await h.call('GET', '/api/v1/notifications?limit=2')).json.items;
    expect(list.map((n: { title: string }) => n.title).sort()).toEqual(['Drift in cluster prod: 1 object changed outside Gatehouse', 'Push #1 to cluster prod partly failed']);
    expect(list.find((n: { type: string }) => n.type === 'cluster.push-failed').body).toContain('- HTTPRoute web/site: Apply failed with 1 conflict');
  });

  it('a failed auto-renewal notifies once per certificate', async () => {
    const root = await h.call('POST', '/api/v1/certificates/root-ca', { body: { name: 'renew-ca', subject: { commonName: 'Renew CA' }, validityDays: 30 } });
    const leaf = await h.call('POST', '/api/v1/certificates/issue', { body: { issuerId: root.json.id, name: 'renew-leaf', subject: { commonName: 'leaf.example.com' }, validityDays: 3, autoRenew: true } });
    expect(leaf.status, leaf.text).toBe(201);
    expect((await h.call('POST', `/api/v1/certificates/${root.json.id}/revoke`, { body: {} })).status).toBe(200);
    clock = new Date(Date.now() + 2.5 * DAY);
    const outcome = await renewDueCertificates(deps);
    expect(outcome.failed.map((f) => f.id)).toEqual([leaf.json.id]);
    await renewDueCertificates(deps); // the timer's next pass fails again: still one notification
    const found = (await h.call('GET', '/api/v1/notifications?type=certificate.renewal-failed')).json.items;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', title: 'Auto-renewal of certificate "renew-leaf" failed', subject: { kind: 'Certificate', id: leaf.json.id } });
    expect(found[0].body).toMatch(/revoked/);
    clock = new Date();
  });

  it('two replicas never send the same delivery', async () => {
    const hook = await createChannel({ name: 'race', kind: 'webhook', url: `${httpBase}/race`, secret: WEBHOOK_SECRET, events: ['worker.unreachable'] });
    clock = new Date();
    await t.db.prisma.workerStatus.create({ data: { id: 'worker-race', name: 'race-1', revision: 1, lastSeenAt: new Date(clock.getTime() - 10 * 60_000), address: '' } });
    await runDetectors(deps);
    const pending = await t.db.prisma.notificationDelivery.count({ where: { status: 'pending', nextAttemptAt: { lte: clock } } });
    expect(pending).toBeGreaterThanOrEqual(1);
    const [a, b] = await Promise.all([dispatchDue(deps, { owner: 'replica-a' }), dispatchDue(deps, { owner: 'replica-b' })]);
    // Every due delivery was attempted by exactly one of them: each delivery id reached its receiver once.
    expect(a.attempted + b.attempted).toBe(pending);
    const sentIds = [...requests.map((r) => r.headers['x-gatehouse-delivery'] as string), ...mails.map((m) => header(m.raw, 'X-Gatehouse-Delivery')!)];
    expect(sentIds).toHaveLength(pending);
    expect(new Set(sentIds).size).toBe(pending);
    expect(requests.filter((r) => r.path === '/race')).toHaveLength(1);
    await h.call('DELETE', `/api/v1/notification-channels/${hook.id}`);
  });

  it('tests a channel on request: one attempt now, the result in the answer, nothing listed', async () => {
    const ok = await h.call('POST', `/api/v1/notification-channels/${ids.hook}/test`);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({ ok: true, delivery: { status: 'delivered', attemptCount: 1, maxAttempts: 1, notification: { type: 'test', title: 'Test notification from Gatehouse' } } });
    expect(JSON.parse(requests.at(-1)!.body).notification.subject).toEqual({ kind: 'NotificationChannel', name: 'ops webhook', id: ids.hook });
    const mailTest = await h.call('POST', `/api/v1/notification-channels/${ids.mail}/test`);
    expect(mailTest.json.ok).toBe(true);
    expect(header(mails.at(-1)!.raw, 'Subject')).toBe('[Gatehouse] INFO: Test notification from Gatehouse');

    const closed = await createChannel({ name: 'closed port', kind: 'email', host: '127.0.0.1', port: 9, tls: 'none', from: 'g@example.com', to: ['ops@example.com'], enabled: false });
    const bad = await h.call('POST', `/api/v1/notification-channels/${closed.id}/test`);
    expect(bad.status).toBe(200);
    expect(bad.json).toMatchObject({ ok: false, delivery: { status: 'failed', attemptCount: 1 } });
    expect(bad.json.delivery.lastError).toMatch(/ECONNREFUSED/);
    const listed = (await h.call('GET', '/api/v1/notifications?limit=200')).json.items;
    expect(listed.some((n: { type: string }) => n.type === 'test')).toBe(false);
  });

  it('lists newest first with paging and an unread filter; marks one or all read', async () => {
    const viewer = await h.tokenFor('viewer');
    const all = (await h.call('GET', '/api/v1/notifications?limit=200', { token: viewer })).json;
    expect(all.items.length).toBeGreaterThanOrEqual(6);
    const idsDesc = all.items.map((n: { id: number }) => n.id);
    expect(idsDesc).toEqual([...idsDesc].sort((x: number, y: number) => y - x));
    expect(all.unread).toBe(all.items.length);

    const page1 = (await h.call('GET', '/api/v1/notifications?limit=2', { token: viewer })).json;
    expect(page1.items.map((n: { id: number }) => n.id)).toEqual(idsDesc.slice(0, 2));
    const page2 = (await h.call('GET', `/api/v1/notifications?limit=2&before=${page1.nextBefore}`, { token: viewer })).json;
    expect(page2.items.map((n: { id: number }) => n.id)).toEqual(idsDesc.slice(2, 4));

    const read = await h.call('POST', `/api/v1/notifications/${idsDesc[0]}/read`, { token: viewer });
    expect(read.status, read.text).toBe(200);
    expect(read.json).toMatchObject({ id: idsDesc[0], readBy: 'test-viewer' });
    const unread = (await h.call('GET', '/api/v1/notifications?unread=true&limit=200', { token: viewer })).json;
    expect(unread.items.map((n: { id: number }) => n.id)).toEqual(idsDesc.slice(1));
    expect(unread.unread).toBe(idsDesc.length - 1);
    expect((await h.call('POST', '/api/v1/notifications/99999999/read')).status).toBe(404);
    expect((await h.call('POST', '/api/v1/notifications/abc/read')).status).toBe(404);

    const allRead = await h.call('POST', '/api/v1/notifications/read-all', { token: viewer });
    expect(allRead.json).toEqual({ marked: idsDesc.length - 1 });
    expect((await h.call('GET', '/api/v1/notifications?unread=true')).json).toMatchObject({ items: [], unread: 0 });
  });

  it('audits channel changes without credentials in clear; no answer anywhere carries one', async () => {
    const del = await h.call('DELETE', `/api/v1/notification-channels/${ids.slack}`);
    expect(del.status).toBe(200);
    const events = (await h.call('GET', '/api/v1/audit-events?limit=500')).json.items as { action: string; name: string; after: { spec: Record<string, unknown> } | null }[];
    const created = events.find((e) => e.action === 'notification-channel.create' && e.name === 'ops webhook')!;
    expect(created.after!.spec).toMatchObject({ type: 'webhook', url: `${httpBase}/hook`, credentials: { secret: expect.stringMatching(/^hmac-sha256:/) } });
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['notification-channel.update', 'notification-channel.delete']));
    const answers = [
      '/api/v1/audit-events?limit=500', '/api/v1/audit-events/export?format=jsonl', '/api/v1/notification-channels', `/api/v1/notification-channels/${ids.hook}`,
      `/api/v1/notification-channels/${ids.mail}`, `/api/v1/notification-channels/${ids.hook}/deliveries`, `/api/v1/notification-channels/${ids.mail}/deliveries`, '/api/v1/notifications?limit=200',
    ];
    for (const path of answers) {
      const r = await h.call('GET', path);
      expect(r.status, path).toBe(200);
      for (const s of [WEBHOOK_SECRET, SLACK_PATH, 'xoxb-sekrit', SMTP_PASSWORD]) expect(r.text, `${path} must not contain ${s}`).not.toContain(s);
    }
    const doc = (await h.call('GET', '/api/v1/openapi.json', { token: null })).json;
    for (const p of ['/api/v1/notifications', '/api/v1/notifications/{id}/read', '/api/v1/notifications/read-all', '/api/v1/notification-channels', '/api/v1/notification-channels/{id}', '/api/v1/notification-channels/{id}/test', '/api/v1/notification-channels/{id}/deliveries']) {
      expect(Object.keys(doc.paths), p).toContain(p);
    }
  });
});

describe('the notifier on a runtime', () => {
  it('is off with GATEHOUSE_NOTIFY_INTERVAL=0 and reads the variable', async () => {
    const { readConsoleEnv } = await import('../src/server/env');
    expect(readConsoleEnv({}).GATEHOUSE_NOTIFY_INTERVAL).toBe(60);
    expect(readConsoleEnv({ GATEHOUSE_NOTIFY_INTERVAL: '0' }).GATEHOUSE_NOTIFY_INTERVAL).toBe(0);
    expect(() => readConsoleEnv({ GATEHOUSE_NOTIFY_INTERVAL: '-1' })).toThrow(/GATEHOUSE_NOTIFY_INTERVAL/);
  });
});
