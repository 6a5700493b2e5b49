/** Status colour of a node or edge: the server decides it from the computed conditions; the page only paints it. */
export type Tone = 'ok' | 'bad' | 'pending' | 'neutral';

export type TopologyKind = 'Gateway' | 'HTTPRoute' | 'TLSRoute' | 'Service' | 'UpstreamTLSPolicy' | 'BackendTLSPolicy' | 'Secret' | 'ConfigMap' | 'Certificate';

/** Left to right, the way a request and its trust travel (issue 4 §7). Listeners are rows inside their Gateway. */
export const COLUMN_OF: Record<TopologyKind, number> = {
  Gateway: 0,
  HTTPRoute: 1,
  TLSRoute: 1,
  Service: 2,
  UpstreamTLSPolicy: 3,
  BackendTLSPolicy: 3,
  Secret: 4,
  ConfigMap: 4,
  Certificate: 5,
};

/** A listener, drawn as a row of its Gateway; routes attach to it. */
export interface TopologyPort {
  id: string;
  name: string;
  /** "http: HTTP 8000 · 1 route · foo.example.com". */
  label: string;
  tone: Tone;
  status: string;
}

export interface TopologyNode {
  id: string;
  kind: TopologyKind;
  namespace: string;
  name: string;
  /** A second line: ports, hostnames, subject, … */
  detail: string;
  tone: Tone;
  /** The status in words ("Programmed", "Not accepted: Secret httpbin/https-cert not found"). */
  status: string;
  /** Referenced but not in the configuration. */
  missing: boolean;
  /** Inventory id for certificates Gatehouse manages (null for one only read from a Secret). */
  certificateId: string | null;
  ports: TopologyPort[];
}

export interface TopologyEdge {
  from: string;
  /** The listener row the edge leaves from (Gateway → HTTPRoute). */
  fromPort: string | null;
  to: string;
  label: string | null;
  tone: Tone;
}

export interface TopologyGraph {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

export interface PlacedNode extends TopologyNode {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Vertical centre of each port row, relative to the node's top. */
  portOffsets: Record<string, number>;
  /** The name in one or two lines that fit the node. */
  nameLines: string[];
}

export interface PlacedEdge extends TopologyEdge {
  /** SVG path data. */
  path: string;
  labelX: number;
  labelY: number;
}

export interface TopologyLayout {
  width: number;
  height: number;
  /** Columns actually used, with their heading and x. */
  columns: { title: string; x: number }[];
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}
