import { COLUMN_OF, type PlacedEdge, type PlacedNode, type TopologyGraph, type TopologyLayout, type TopologyNode } from './topology-model';

/** Geometry in SVG user units (≈ px at 1:1). Widths fit six columns in a 1280 px window's content area. */
const COLUMN_WIDTH = [196, 148, 140, 156, 140, 150];
const COLUMN_TITLES = ['Gateways · listeners', 'Routes', 'Services', 'TLS policies', 'Secrets', 'Certificates'];
const COLUMN_GAP = 36;
const HEADER = 30;
const NODE_GAP = 16;
const NODE_HEIGHT = 64;
const PORT_TOP = 56;
const PORT_ROW = 24;
const SWEEPS = 4;

const NAME_LINE = 16;
/** Average advance of the 13 px bold name font, generous so that wrapped lines fit their node. */
const NAME_CHAR_PX = 7.6;

/**
 * A name in at most two lines that fit `width`, broken after `-`, `.`, `/` or a space where possible (SVG text
 * does not wrap by itself); what still does not fit ends in an ellipsis.
 */
export function wrapName(name: string, width: number): string[] {
  const max = Math.max(6, Math.floor((width - 22) / NAME_CHAR_PX));
  if (name.length <= max) return [name];
  let cut = -1;
  for (let i = Math.min(max, name.length - 1); i > max / 2; i--) {
    if ('-./ '.includes(name[i - 1] as string)) {
      cut = i;
      break;
    }
  }
  if (cut < 0) cut = max;
  const first = name.slice(0, cut).trimEnd();
  const rest = name.slice(cut).trimStart();
  return [first, rest.length <= max ? rest : `${rest.slice(0, max - 1)}…`];
}

const extra = (lines: number) => (lines - 1) * NAME_LINE;
const heightOf = (n: TopologyNode, lines: number) => extra(lines) + (n.ports.length === 0 ? NODE_HEIGHT : PORT_TOP + n.ports.length * PORT_ROW + 6);

/** Average position of a node's neighbours in the given columns; nodes without any keep their place. */
function barycenters(order: string[], neighbours: Map<string, string[]>, position: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  order.forEach((id, i) => {
    const ps = (neighbours.get(id) ?? []).map((n) => position.get(n)).filter((p): p is number => p !== undefined);
    out.set(id, ps.length === 0 ? i : ps.reduce((a, b) => a + b, 0) / ps.length);
  });
  return out;
}

/**
 * A small layered layout (Sugiyama-style, without dummy nodes): one column per kind, left to right; inside a
 * column, nodes are ordered by the barycentre of their neighbours in a few sweeps down and up (fewer crossings),
 * ties by id so the same graph always looks the same. Pure.
 */
export function layoutTopology(graph: TopologyGraph): TopologyLayout {
  const used = [...new Set(graph.nodes.map((n) => COLUMN_OF[n.kind]))].sort((a, b) => a - b);
  const columnIndex = new Map(used.map((c, i) => [c, i]));
  const columns: string[][] = used.map(() => []);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const n of [...graph.nodes].sort((a, b) => (a.id < b.id ? -1 : 1))) columns[columnIndex.get(COLUMN_OF[n.kind]) as number]?.push(n.id);

  const left = new Map<string, string[]>();
  const right = new Map<string, string[]>();
  for (const e of graph.edges) {
    right.set(e.from, [...(right.get(e.from) ?? []), e.to]);
    left.set(e.to, [...(left.get(e.to) ?? []), e.from]);
  }
  const position = new Map<string, number>();
  const record = () => columns.forEach((col) => col.forEach((id, i) => position.set(id, i)));
  record();
  const reorder = (c: number, neighbours: Map<string, string[]>) => {
    const col = columns[c] as string[];
    const bc = barycenters(col, neighbours, position);
    col.sort((a, b) => (bc.get(a) as number) - (bc.get(b) as number) || (a < b ? -1 : 1));
    col.forEach((id, i) => position.set(id, i));
  };
  for (let s = 0; s < SWEEPS; s++) {
    for (let c = 1; c < columns.length; c++) reorder(c, left);
    for (let c = columns.length - 2; c >= 0; c--) reorder(c, right);
  }

  const widthOf = (n: TopologyNode) => COLUMN_WIDTH[COLUMN_OF[n.kind]] ?? 150;
  const lines = new Map(graph.nodes.map((n) => [n.id, wrapName(n.name, widthOf(n))]));
  const linesOf = (id: string) => lines.get(id)?.length ?? 1;
  const heights = columns.map((col) => col.reduce((h, id) => h + heightOf(byId.get(id) as TopologyNode, linesOf(id)), 0) + Math.max(col.length - 1, 0) * NODE_GAP);
  const contentHeight = Math.max(0, ...heights);
  const placed = new Map<string, PlacedNode>();
  let x = 0;
  const columnHeads: TopologyLayout['columns'] = [];
  columns.forEach((col, c) => {
    const kindColumn = used[c] as number;
    const width = COLUMN_WIDTH[kindColumn] ?? 150;
    columnHeads.push({ title: COLUMN_TITLES[kindColumn] ?? '', x });
    // Each column is centred vertically, so short columns sit beside the middle of tall ones.
    let y = HEADER + ((contentHeight - (heights[c] ?? 0)) / 2);
    for (const id of col) {
      const n = byId.get(id) as TopologyNode;
      const height = heightOf(n, linesOf(id));
      const portOffsets: Record<string, number> = {};
      n.ports.forEach((p, i) => (portOffsets[p.id] = extra(linesOf(id)) + PORT_TOP + i * PORT_ROW + PORT_ROW / 2 - 2));
      placed.set(id, { ...n, x, y, width, height, portOffsets, nameLines: lines.get(id) ?? [n.name] });
      y += height + NODE_GAP;
    }
    x += width + COLUMN_GAP;
  });

  const edges: PlacedEdge[] = graph.edges.flatMap((e) => {
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (!a || !b) return [];
    const x1 = a.x + a.width;
    const y1 = a.y + (e.fromPort !== null && a.portOffsets[e.fromPort] !== undefined ? (a.portOffsets[e.fromPort] as number) : a.height / 2);
    const x2 = b.x;
    const y2 = b.y + b.height / 2;
    const dx = Math.max((x2 - x1) / 2, 24);
    const r = (v: number) => Math.round(v * 10) / 10;
    return [{ ...e, path: `M ${r(x1)} ${r(y1)} C ${r(x1 + dx)} ${r(y1)}, ${r(x2 - dx)} ${r(y2)}, ${r(x2)} ${r(y2)}`, labelX: r((x1 + x2) / 2), labelY: r((y1 + y2) / 2) }];
  });
  return { width: Math.max(0, x - COLUMN_GAP), height: HEADER + contentHeight, columns: columnHeads, nodes: [...placed.values()], edges };
}
