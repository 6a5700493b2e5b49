import type { DocumentOptions, ParseOptions, ScalarTag, SchemaOptions, ToStringOptions } from 'yaml';

/**
 * YAML settings that read and write manifests the way kubectl does. kubectl reads YAML 1.1 (go-yaml v2 through
 * sigs.k8s.io/yaml): `yes`/`no`/`on`/`off` are booleans and `0755` is octal. Unlike the `yaml` package's 1.1
 * schema, go-yaml keeps timestamps and base-60 numbers (`1:30`) as strings when the target is untyped JSON,
 * so those tags are removed. Writing with the same schema quotes every string that would otherwise read back
 * as another type (`"yes"`, `"0755"`), so exported manifests mean the same thing to kubectl.
 * go-yaml parses integers with Go's strconv (base 0), which also reads `0o17` as octal: added below.
 */
type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions;

const goOctalInt: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  format: 'OCT',
  default: true,
  identify: () => false, // never chosen to write a number; only read, and used to quote such strings
  test: /^[-+]?0o[0-7_]+$/,
  resolve: (s) => (s.startsWith('-') ? -1 : 1) * parseInt(s.replace(/^[-+]?0o/, '').replace(/_/g, ''), 8),
};

export const KUBECTL_YAML: YamlOptions = {
  version: '1.1',
  customTags: (tags) => [
    ...tags.filter((t) => !(typeof t === 'object' && (t.tag === 'tag:yaml.org,2002:timestamp' || t.format === 'TIME'))),
    goOctalInt,
  ],
  uniqueKeys: true,
  prettyErrors: true,
};

export const KUBECTL_YAML_OUTPUT: ToStringOptions = {
  // No folding: long base64 values and certificates stay on one line or in literal blocks.
  lineWidth: 0,
  minContentWidth: 0,
};
