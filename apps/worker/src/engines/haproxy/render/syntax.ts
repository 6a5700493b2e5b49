import { isIPv6 } from 'node:net';
import type { ListenerTable } from '@gatehouse/compiler/routing-table/routing-table';

/**
 * HAProxy configuration syntax: how a value becomes one word of a configuration line, a literal inside a log-format
 * string, or an argument of a sample fetch or converter (HAProxy 2.6 configuration.txt §2.2 "Quoting and escaping").
 * Everything the renderer takes from the routing table (names, paths, header values, reasons) goes through these,
 * so no table value can end a word, start a comment, expand an environment variable or inject a directive.
 */

/** Control characters other than tab, line feed and carriage return (which `word` escapes): none may be written. */
function hasControl(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

/**
 * One configuration word with exactly `raw` as its content, weakly quoted: `\`, `"` and `$` escaped (no environment
 * expansion), line feed, carriage return and tab written as escapes.
 */
export function word(raw: string): string {
  if (hasControl(raw)) throw new Error(`a control character cannot be written into the HAProxy configuration: ${JSON.stringify(raw)}`);
  return `"${raw.replace(/[\\"$]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

/** Literal text inside a log-format string (`lf-string`, `set-header` values, redirect locations): `%` doubled. */
export function lfText(text: string): string {
  return text.replace(/%/g, '%%');
}

/**
 * An argument of a sample fetch or converter (the second-level parser): double-quoted so that commas and parentheses
 * stay inside it; the caller then puts the whole expression through `word`.
 */
export function sampleArg(raw: string): string {
  return `"${raw.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** `value` matched literally by a PCRE2 regular expression. */
export function regexLiteral(value: string): string {
  return value.replace(/[\\^$.|?*+()[\]{}/-]/g, (c) => `\\${c}`);
}

/** A Lua string literal. */
export function luaString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\${code}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A header name as HAProxy reads it in `set-header`, `del-header` and fetch arguments: a token, nothing else. */
export function headerName(name: string): string {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new Error(`"${name}" is not a valid header name`);
  return name;
}

/** An ACL pattern list word per value (`-m str`, `-m beg`, `-m end`, `-m reg`). */
export function patterns(values: readonly string[]): string {
  return values.map(word).join(' ');
}

/** `namespace/name` of an object, for comments and messages. */
export function objectName(k: { namespace: string; name: string }): string {
  return `${k.namespace}/${k.name}`;
}

/** `ns/gateway/listener` (or `ns/gateway/ListenerSet ns/set/listener`), for comments and messages. */
export function listenerName(l: ListenerTable): string {
  const set = l.listenerSet === undefined ? '' : `ListenerSet ${objectName(l.listenerSet)}/`;
  return `${objectName(l.gateway)}/${set}${l.listener}`;
}

/** `host:port` as HAProxy reads an address (IPv6 in brackets). */
export function address(host: string, port: number): string {
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A comment line: table names are printed for people, never in a position HAProxy reads. */
export function comment(text: string): string {
  return `# ${text.replace(/[\r\n]/g, ' ')}`;
}
