import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../object/meta';
import { parseObject } from '../registry/parse-object';
import { minimalObjects, patched } from '../test-support/minimal-objects';
import { parseManifests } from './parse-manifests';
import { renderManifests } from './render-manifests';

function roundTrip(objects: KubeObject[]): unknown[] {
  return parseManifests(renderManifests(objects), 'yaml').map((d, i) => parseObject(d, { pathPrefix: `[${i}]` }));
}

describe('renderManifests', () => {
  it('renders every kind so that parseManifests + parseObject give back equal objects', () => {
    const objects = Object.values(minimalObjects()).map((o) => parseObject(o));
    const text = renderManifests(objects);
    expect(text.split(/^---$/m)).toHaveLength(objects.length);
    expect(roundTrip(objects)).toEqual(objects);
  });

  it('quotes strings that YAML 1.1 would read as other types, and keeps multi-line and long values', () => {
    const cm = parseObject(
      patched('ConfigMap', [
        ['data'],
        {
          yes: 'yes',
          on: 'on',
          octal: '0755',
          number: '8080',
          time: '1:30',
          nul: 'null',
          tilde: '~',
          float: '1e3',
          hex: '0x1F',
          goOctal: '0o17',
          underscores: '1_000',
          empty: '',
          pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
          trailing: 'two trailing newlines\n\n',
          spaces: '  leading and trailing  ',
          long: 'x'.repeat(500),
          unicode: 'ünïcode ✓ 🔐',
          colon: 'a: b',
          hash: 'a #b',
        },
      ]),
    );
    const text = renderManifests([cm]);
    expect(text).toContain('"yes"');
    expect(text).toContain('"0755"');
    expect(text).toContain('"0o17"');
    expect(roundTrip([cm])).toEqual([cm]);
  });

  it('renders an empty list as an empty string and one object without a separator', () => {
    expect(renderManifests([])).toBe('');
    expect(renderManifests([parseObject(minimalObjects()['Namespace'])])).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n');
  });
});
