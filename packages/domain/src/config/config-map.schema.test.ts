import { describe, expect, it } from 'vitest';
import { parseObject } from '../registry/parse-object';
import { invalidPaths } from '../test-support/invalid-details';
import { patched } from '../test-support/minimal-objects';
import type { ConfigMap } from './config-map.schema';

describe('ConfigMap schema (core v1)', () => {
  it('keeps data and canonicalises binaryData', () => {
    const c = parseObject(patched('ConfigMap', [['binaryData'], { 'blob.bin': 'AAEC\r\n' }])) as ConfigMap;
    expect(c.data).toEqual({ 'ca.crt': '-----BEGIN CERTIFICATE-----\n' });
    expect(c.binaryData).toEqual({ 'blob.bin': 'AAEC' });
  });

  it('refuses a key in both data and binaryData, bad keys and bad base64', () => {
    expect(invalidPaths(() => parseObject(patched('ConfigMap', [['binaryData'], { 'ca.crt': 'AAEC' }])))).toEqual(['binaryData[ca.crt]']);
    expect(invalidPaths(() => parseObject(patched('ConfigMap', [['data'], { 'a:b': 'x' }])))).toEqual(['data.a:b']);
    expect(invalidPaths(() => parseObject(patched('ConfigMap', [['binaryData'], { b: '***' }])))).toEqual(['binaryData.b']);
    expect(invalidPaths(() => parseObject(patched('ConfigMap', [['data'], { a: 5 }])))).toEqual(['data.a']);
  });
});
