import type { UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';
import type { WorkerProbeResult } from '@gatehouse/domain/probe/worker-probe.schema';
import { briefFromDerBase64, type CertificateBrief } from './certificate-brief';

export type Tone = 'ok' | 'bad' | 'pending' | 'neutral';
export interface Said {
  tone: Tone;
  text: string;
}

/** The CA the probe verified with, and whether it is what the gateway uses now. */
export interface TestedCa {
  /** "CA of UpstreamTLSPolicy httpbin/upstream-tls-policy-sample (Secret httpbin/https-cert)", "Secret httpbin/https-cert", … */
  label: string;
  /** 'policy' = the gateway's own settings (possibly none); otherwise a what-if. */
  mode: 'policy' | 'secret' | 'certificate';
  ca: CertificateBrief[];
  /** The name the certificate was checked against, and whether the gateway enforces that check. */
  hostname: string | null;
  hostnameEnforced: boolean;
}

export interface ChainCertificate extends CertificateBrief {
  role: 'leaf' | 'intermediate' | 'root';
  /** One of the CAs the probe trusted (Node completes the presented chain from them). */
  fromTrustedCa: boolean;
}

export interface ProbeEndpointView {
  endpoint: string;
  connect: Said;
  handshake: Said & { protocol: string | null; cipher: string | null };
  chain: ChainCertificate[];
  trust: Said;
  name: Said | null;
  expiry: Said | null;
  plainHttp: Said | null;
  verdict: Said & { title: string };
}

const fmtDate = (iso: string) => iso.slice(0, 10);

function chainView(result: WorkerProbeResult, tested: TestedCa, now: Date): ChainCertificate[] {
  const trusted = new Set(tested.ca.map((c) => c.sha256));
  const briefs = result.chain.map((der) => briefFromDerBase64(der, now)).filter((b): b is CertificateBrief => b !== null);
  return briefs.map((b, i) => ({
    ...b,
    role: i === 0 ? 'leaf' : b.isSelfSigned ? 'root' : 'intermediate',
    fromTrustedCa: trusted.has(b.sha256),
  }));
}

function expiryOf(chain: ChainCertificate[]): Said | null {
  const leaf = chain[0];
  if (leaf === undefined) return null;
  const expired = chain.find((c) => c.state === 'expired');
  if (expired) return { tone: 'bad', text: `${expired.role === 'leaf' ? 'The certificate' : `The ${expired.role} ${expired.commonName ?? expired.subject}`} expired on ${fmtDate(expired.notAfter)}.` };
  const early = chain.find((c) => c.state === 'notYetValid');
  if (early) return { tone: 'bad', text: `${early.commonName ?? early.subject} is not valid before ${fmtDate(early.notBefore)}.` };
  const soonest = [...chain].sort((a, b) => a.daysLeft - b.daysLeft)[0] as ChainCertificate;
  const tone: Tone = soonest.state === 'expiring7' ? 'bad' : soonest.state === 'expiring30' ? 'pending' : 'ok';
  const who = soonest === leaf ? 'The certificate' : `The ${soonest.role} ${soonest.commonName ?? soonest.subject}`;
  return { tone, text: `${who} is valid until ${fmtDate(soonest.notAfter)} (${soonest.daysLeft} day${soonest.daysLeft === 1 ? '' : 's'} left).` };
}

function trustOf(result: WorkerProbeResult, tested: TestedCa, configured: UpstreamTls | null): Said {
  if (result.verified === null) return { tone: 'neutral', text: 'No certificate was presented.' };
  if (tested.mode === 'policy' && configured === null) {
    return { tone: 'neutral', text: 'Not checked: no TLS policy covers this port, so the gateway trusts no CA for it. Verify with a Secret or a CA from the inventory to test one before writing the policy.' };
  }
  if (result.verified) return { tone: 'ok', text: `The chain verifies with ${tested.label}.` };
  const err = result.verifyError;
  return { tone: 'bad', text: `The chain does not verify with ${tested.label}: ${err?.message ?? 'not trusted'}${err ? ` (${err.code})` : ''}.` };
}

function nameOf(result: WorkerProbeResult, tested: TestedCa): Said | null {
  const h = result.hostname;
  if (h === null) return null;
  const scope = tested.hostnameEnforced ? 'The gateway requires this.' : 'For information only: an UpstreamTLSPolicy checks no names, as in FSM.';
  if (h.ok) return { tone: 'ok', text: `The certificate matches ${h.name}. ${scope}` };
  return { tone: tested.hostnameEnforced ? 'bad' : 'pending', text: `The certificate does not match ${h.name}: ${h.error ?? 'no matching name'}. ${scope}` };
}

function plainOf(result: WorkerProbeResult): Said | null {
  const p = result.plainHttp;
  if (p === null) return null;
  return { tone: p.outcome === 'response' ? 'ok' : 'bad', text: `Plain HTTP, as the gateway sends it now: ${p.detail}.` };
}

function verdictOf(v: Omit<ProbeEndpointView, 'verdict' | 'endpoint'>, result: WorkerProbeResult, tested: TestedCa, configured: UpstreamTls | null): ProbeEndpointView['verdict'] {
  const plainNow = tested.mode === 'policy' && configured === null;
  if (!result.tcp.ok) return { tone: 'bad', title: 'Unreachable', text: v.connect.text };
  if (!result.tls.ok) {
    if (plainNow && result.plainHttp?.outcome === 'response') return { tone: 'ok', title: 'Plain HTTP works', text: 'The upstream speaks plain HTTP, which is what the gateway sends to it: no TLS policy is needed.' };
    return { tone: 'bad', title: 'No TLS', text: `${v.handshake.text}${v.plainHttp ? ` ${v.plainHttp.text}` : ''}` };
  }
  if (plainNow) {
    return {
      tone: 'bad',
      title: 'Requests fail today',
      text: `The upstream speaks TLS, but no TLS policy covers this port, so the gateway sends it plain HTTP. ${result.plainHttp?.detail ?? ''}. Attach an UpstreamTLSPolicy whose Secret holds the CA that signed this certificate.`.replace(/\.\. /, '. '),
    };
  }
  const whatIf = tested.mode !== 'policy';
  if (result.verified !== true) {
    return { tone: 'bad', title: whatIf ? 'This CA does not fit' : 'The gateway refuses this upstream', text: v.trust.text };
  }
  if (tested.hostnameEnforced && v.name?.tone === 'bad') return { tone: 'bad', title: whatIf ? 'The name check fails' : 'The gateway refuses this upstream', text: v.name.text };
  const tone: Tone = v.expiry?.tone === 'bad' ? 'bad' : v.expiry?.tone === 'pending' ? 'pending' : 'ok';
  return {
    tone,
    title: whatIf ? 'This CA fits' : 'The gateway trusts this upstream',
    text: whatIf ? `${tested.label} verifies the chain: an UpstreamTLSPolicy using it would let requests through.` : `Requests go out over ${result.tls.protocol ?? 'TLS'} and the chain verifies.`,
  };
}

/** One endpoint's probe in words: connection, handshake, chain (decoded with @gatehouse/certs), trust, name, expiry. */
export function describeProbe(result: WorkerProbeResult, tested: TestedCa, configured: UpstreamTls | null, now: Date): ProbeEndpointView {
  const endpoint = `${result.address}:${result.port}`;
  const connect: Said = result.tcp.ok
    ? { tone: 'ok', text: `TCP connection to ${endpoint} in ${result.tcp.ms ?? '?'} ms.` }
    : { tone: 'bad', text: `Cannot connect to ${endpoint}: ${result.tcp.error?.message ?? 'failed'} (${result.tcp.error?.code ?? 'error'}).` };
  const handshake: ProbeEndpointView['handshake'] = result.tls.ok
    ? { tone: 'ok', text: `TLS handshake in ${result.tls.ms ?? '?'} ms: ${result.tls.protocol ?? ''}, ${result.tls.cipher ?? ''}${result.servername ? `, SNI ${result.servername}` : ', no SNI'}.`, protocol: result.tls.protocol, cipher: result.tls.cipher }
    : { tone: result.tcp.ok ? 'bad' : 'neutral', text: result.tcp.ok ? `No TLS handshake: ${result.tls.error?.message ?? 'failed'} (${result.tls.error?.code ?? 'error'}).` : 'Not attempted.', protocol: null, cipher: null };
  const chain = chainView(result, tested, now);
  const partial = { connect, handshake, chain, trust: trustOf(result, tested, configured), name: nameOf(result, tested), expiry: expiryOf(chain), plainHttp: plainOf(result) };
  return { endpoint, ...partial, verdict: verdictOf(partial, result, tested, configured) };
}
