/**
 * An inline SVG of the systems (boxes on a circle) and the flows between them (arrows, one
 * curve per flow, two heads for two-way). Plain SVG, no script, no external reference.
 */
import type { DocsContent } from './docs-content.ts';
import { escapeXml } from './escape.ts';

const BOX_W = 150;
const BOX_H = 46;

interface Point {
  x: number;
  y: number;
}

/** Where the ray from a box's centre towards `toward` leaves the box. */
function boxEdge(center: Point, toward: Point): Point {
  const dx = toward.x - center.x;
  const dy = toward.y - center.y;
  if (dx === 0 && dy === 0) return center;
  const t = Math.min(
    dx === 0 ? Infinity : BOX_W / 2 / Math.abs(dx),
    dy === 0 ? Infinity : BOX_H / 2 / Math.abs(dy),
  );
  return { x: center.x + dx * t, y: center.y + dy * t };
}

const f = (n: number) => n.toFixed(1);

/**
 * @example
 * const svg = renderDiagram(docsContent(contract));
 */
export function renderDiagram(c: DocsContent): string {
  const n = c.systems.length;
  const radius = n <= 2 ? 170 : 150 + n * 22;
  const width = radius * 2 + BOX_W + 80;
  const height = (n <= 2 ? 200 : radius * 2) + BOX_H + 80;
  const center = { x: width / 2, y: height / 2 };
  const positions = new Map<string, Point>();
  c.systems.forEach((s, i) => {
    const angle = n <= 2 ? Math.PI * i : -Math.PI / 2 + (2 * Math.PI * i) / n;
    positions.set(s.name, {
      x: center.x + radius * Math.cos(angle),
      y: center.y + (n <= 2 ? 0 : radius * Math.sin(angle)),
    });
  });
  const pairCount = new Map<string, number>();
  const edges: string[] = [];
  for (const flow of c.flows) {
    const a = positions.get(flow.from);
    const b = positions.get(flow.to);
    if (!a || !b) continue;
    const pair = [flow.from, flow.to].sort().join('|');
    const index = pairCount.get(pair) ?? 0;
    pairCount.set(pair, index + 1);
    // Flows between the same two systems fan out: 0, +60, -60, +120… pixels of bend (labels sit at
    // half the bend, so 30 px apart: clear of a 12 px label).
    const bend = index === 0 ? 0 : (index % 2 === 1 ? 1 : -1) * 60 * Math.ceil(index / 2);
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const sign = flow.from < flow.to ? 1 : -1;
    const control = {
      x: (a.x + b.x) / 2 - (sign * bend * (b.y - a.y)) / len,
      y: (a.y + b.y) / 2 + (sign * bend * (b.x - a.x)) / len,
    };
    const start = boxEdge(a, control);
    const end = boxEdge(b, control);
    const mid = {
      x: 0.25 * start.x + 0.5 * control.x + 0.25 * end.x,
      y: 0.25 * start.y + 0.5 * control.y + 0.25 * end.y,
    };
    const twoWay = flow.direction === 'two-way';
    // A bent flow's label leans away from the straight one, so neighbouring labels do not overlap.
    const lean = control.x - (a.x + b.x) / 2;
    const anchor = bend === 0 ? 'middle' : lean >= 0 ? 'start' : 'end';
    const labelX = mid.x + (bend === 0 ? 0 : lean >= 0 ? 4 : -4);
    edges.push(
      `<g class="flow"><title>${escapeXml(`${flow.name}: ${flow.what} (${flow.from} ${twoWay ? '↔' : '→'} ${flow.to})`)}</title>` +
        `<path d="M${f(start.x)},${f(start.y)} Q${f(control.x)},${f(control.y)} ${f(end.x)},${f(end.y)}" fill="none" stroke="#4b6584" stroke-width="1.6" marker-end="url(#head)"${twoWay ? ' marker-start="url(#tail)"' : ''}/>` +
        `<text x="${f(labelX)}" y="${f(mid.y - 4)}" text-anchor="${anchor}" class="label">${escapeXml(flow.name)}</text></g>`,
    );
  }
  const boxes = c.systems.map((s) => {
    const p = positions.get(s.name) ?? center;
    return (
      `<g class="system"><rect x="${f(p.x - BOX_W / 2)}" y="${f(p.y - BOX_H / 2)}" width="${BOX_W}" height="${BOX_H}" rx="8" fill="#f1f5fb" stroke="#2d3e50"/>` +
      `<text x="${f(p.x)}" y="${f(p.y - 3)}" text-anchor="middle" class="name">${escapeXml(s.name)}</text>` +
      `<text x="${f(p.x)}" y="${f(p.y + 13)}" text-anchor="middle" class="kind">${escapeXml(s.kind)}</text></g>`
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${f(width)} ${f(height)}" width="100%" role="img" aria-label="Systems and flows">`,
    '<defs>',
    '<marker id="head" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#4b6584"/></marker>',
    '<marker id="tail" viewBox="0 0 10 10" refX="0" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M10,0 L0,5 L10,10 z" fill="#4b6584"/></marker>',
    '</defs>',
    ...edges,
    ...boxes,
    '</svg>',
  ].join('\n');
}
