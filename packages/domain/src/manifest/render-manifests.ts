import { Document } from 'yaml';
import type { KubeObject } from '../object/meta';
import { KUBECTL_YAML, KUBECTL_YAML_OUTPUT } from './yaml-options';

/**
 * Renders objects as one multi-document YAML stream (`---` between documents) that parseManifests + parseObject
 * read back to equal objects, and that kubectl reads the same way (YAML 1.1 quoting). Keys keep their order
 * (apiVersion, kind, metadata, spec as stored).
 */
export function renderManifests(objects: readonly KubeObject[]): string {
  return objects.map((o) => new Document(o, KUBECTL_YAML).toString(KUBECTL_YAML_OUTPUT)).join('---\n');
}
