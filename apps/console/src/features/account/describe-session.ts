/**
 * Sessions in words, for the Account page and the administrators' dialogs: which browser on which system, and
 * what ending sessions did. Pure functions (unit-tested next to this file); components only render them.
 */

const BROWSERS: readonly (readonly [string, RegExp])[] = [
  ['Edge', /\bEdg(?:e|A|iOS)?\//],
  ['Opera', /\bOPR\//],
  ['Headless Chrome', /\bHeadlessChrome\//],
  ['Chromium', /\bChromium\//],
  ['Chrome', /\b(?:Chrome|CriOS)\//],
  ['Firefox', /\b(?:Firefox|FxiOS)\//],
  ['Safari', /\bVersion\/[\d.]+.*\bSafari\//],
];

// Order matters: Android says "Linux", iPhones say "like Mac OS X".
const SYSTEMS: readonly (readonly [string, RegExp])[] = [
  ['Windows', /\bWindows\b/],
  ['Android', /\bAndroid\b/],
  ['iOS', /\b(?:iPhone|iPad|iPod)\b/],
  ['ChromeOS', /\bCrOS\b/],
  ['macOS', /\b(?:Macintosh|Mac OS X)\b/],
  ['Linux', /\bLinux\b/],
];

/**
 * "Chrome on Linux", "Safari on iOS", "curl 8.5.0": enough to recognise your own devices. Browsers are told by
 * their User-Agent tokens (most specific first: Edge and Opera also say "Chrome"); anything that is not a
 * browser is shown by its product token.
 * @see https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/User-Agent
 */
export function describeUserAgent(ua: string): string {
  const s = ua.trim();
  if (!s) return 'an unknown browser';
  const browser = BROWSERS.find(([, re]) => re.test(s))?.[0];
  const system = SYSTEMS.find(([, re]) => re.test(s))?.[0];
  if (browser) return system ? `${browser} on ${system}` : browser;
  if (!/^Mozilla\//.test(s)) {
    const tool = /^([\w.-]+)(?:\/([\w.-]+))?/.exec(s);
    if (tool) return tool[2] ? `${tool[1]} ${tool[2]}` : tool[1]!;
  }
  return system ? `a browser on ${system}` : 'an unknown browser';
}

/** What a session is called in a list: its browser, and "this device" for the one you are using. */
export function describeSession(s: { userAgent: string; current: boolean }): { title: string; note: string | null } {
  return { title: describeUserAgent(s.userAgent), note: s.current ? 'this device' : null };
}

/** "1 other session was signed out"; `other` false for an administrator's sign-out of all of someone's sessions. */
export function describeSessionsEnded(n: number, other = true): string {
  const what = other ? 'other session' : 'session';
  if (n === 0) return other ? 'No other session was signed in.' : 'No session was signed in.';
  return `${n} ${what}${n === 1 ? ' was' : 's were'} signed out.`;
}

/** What a successful password change tells the person. */
export function describePasswordChanged(endedSessions: number): string {
  return `Password changed. ${describeSessionsEnded(endedSessions)} This session stays signed in.`;
}

/** "2 active sessions" for an account. */
export function countSessions(n: number): string {
  return n === 0 ? 'no active session' : `${n} active session${n === 1 ? '' : 's'}`;
}
