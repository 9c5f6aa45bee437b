// SVG of the plan with the result (SPEC §5): wall footprints filled by thickness class, centerlines, doors and
// windows, optionally the source drawing underneath, a legend and a scale bar. CAD y points up, SVG y down, so
// y is flipped. All text that comes from a drawing (layer and block names, ids) is escaped.
import type { Vec2 } from '../core/model';
import type { WallsModel } from '../core/pipelineTypes';
import { footprint, openingJambs } from './dxf';

interface XY {
  x: number;
  y: number;
}

export interface PlanSvgSource {
  lines?: readonly { start: XY; end: XY }[];
  polylines?: readonly { vertices: readonly XY[]; closed: boolean }[];
  /** Millimetres per unit of these coordinates (default 1: already mm, like the walls model). */
  mmPerUnit?: number;
}

export interface PlanSvgOptions {
  /** Source drawing geometry drawn faintly underneath (e.g. the selected wall layers). */
  source?: PlanSvgSource;
  /** Title shown above the legend (e.g. the file name); escaped. */
  title?: string;
  /** Width of the image in px (default 1200). */
  width?: number;
  /** Draw wall centerlines (default true). */
  centerlines?: boolean;
}

/** Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), black left out. */
export const THICKNESS_PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'] as const;
const OTHER_COLOUR = '#999999';

/** Text for XML content and attribute values: markup characters escaped, characters XML 1.0 forbids dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const thicknessKey = (t: number) => String(Math.round(t));

export function writePlanSvg(model: WallsModel, options: PlanSvgOptions = {}): string {
  const width = Math.max(200, Math.round(options.width ?? 1200));
  const pad = 24;
  const showCenterlines = options.centerlines ?? true;
  const srcK = options.source?.mmPerUnit ?? 1;

  // Extents (mm) of everything drawn.
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const grow = (p: XY, k = 1) => {
    const x = p.x * k;
    const y = p.y * k;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  };
  for (const w of model.walls) for (const p of footprint(w.p1, w.p2, w.thickness)) grow(p);
  for (const o of model.unhostedOpenings) {
    grow({ x: o.center.x - o.width / 2, y: o.center.y - o.width / 2 });
    grow({ x: o.center.x + o.width / 2, y: o.center.y + o.width / 2 });
  }
  for (const l of options.source?.lines ?? []) {
    grow(l.start, srcK);
    grow(l.end, srcK);
  }
  for (const pl of options.source?.polylines ?? []) for (const v of pl.vertices) grow(v, srcK);
  if (!Number.isFinite(minX)) {
    minX = minY = 0;
    maxX = maxY = 1000;
  }
  const spanX = Math.max(maxX - minX, 1);
  const spanY = Math.max(maxY - minY, 1);
  const scale = Math.min((width - 2 * pad) / spanX, (2 * width) / spanY); // px per mm
  const planH = spanY * scale;

  const n = (v: number) => {
    const r = Math.round(v * 100) / 100;
    return Object.is(r, -0) ? '0' : String(r);
  };
  const X = (x: number) => n(pad + (x - minX) * scale);
  const Y = (y: number) => n(pad + (maxY - y) * scale);
  const pts = (ps: readonly XY[], k = 1) => ps.map((p) => `${X(p.x * k)},${Y(p.y * k)}`).join(' ');

  // Thickness classes: the 7 most common thicknesses get palette colours, in order of thickness.
  const counts = new Map<string, number>();
  for (const w of model.walls) counts.set(thicknessKey(w.thickness), (counts.get(thicknessKey(w.thickness)) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0])).slice(0, THICKNESS_PALETTE.length);
  top.sort((a, b) => Number(a[0]) - Number(b[0]));
  const colourOf = new Map(top.map(([k], i) => [k, THICKNESS_PALETTE[i]]));
  const otherCount = model.walls.length - top.reduce((s, [, c]) => s + c, 0);

  // Line weights follow the zoom: at campus scale walls are a pixel thick and outlines would paint them black.
  const thicknesses = model.walls.map((w) => w.thickness).sort((a, b) => a - b);
  const wallPx = (thicknesses[Math.floor(thicknesses.length / 2)] ?? 200) * scale;
  const detailed = wallPx >= 3;
  const outline = detailed ? 0.6 : 0;
  const thin = (px: number) => n(detailed ? px : Math.max(0.15, Math.min(px, wallPx * 0.3)));

  const body: string[] = [];
  // Source drawing.
  if (options.source) {
    const d: string[] = [];
    for (const l of options.source.lines ?? []) d.push(`M${X(l.start.x * srcK)} ${Y(l.start.y * srcK)}L${X(l.end.x * srcK)} ${Y(l.end.y * srcK)}`);
    for (const pl of options.source.polylines ?? []) {
      if (pl.vertices.length < 2) continue;
      d.push(`M${pl.vertices.map((v) => `${X(v.x * srcK)} ${Y(v.y * srcK)}`).join('L')}${pl.closed ? 'Z' : ''}`);
    }
    if (d.length) body.push(`<path class="source" d="${d.join('')}" fill="none" stroke="#b0b0b0" stroke-width="0.5"/>`);
  }
  // Walls.
  body.push(`<g class="walls"${outline ? ` stroke="#222" stroke-width="${outline}" stroke-linejoin="round"` : ''}>`);
  for (const w of model.walls) {
    const key = thicknessKey(w.thickness);
    const tip = `${w.id} · ${n(w.thickness)} mm × ${n(w.length)} mm${w.layers.length ? ` · ${w.layers.join(', ')}` : ''}`;
    body.push(
      `<polygon class="wall" data-id="${escapeXml(w.id)}" points="${pts(footprint(w.p1, w.p2, w.thickness))}" fill="${colourOf.get(key) ?? OTHER_COLOUR}"><title>${escapeXml(tip)}</title></polygon>`,
    );
  }
  body.push('</g>');
  if (showCenterlines) {
    const d = model.walls.map((w) => `M${X(w.p1.x)} ${Y(w.p1.y)}L${X(w.p2.x)} ${Y(w.p2.y)}`).join('');
    if (d) body.push(`<path class="centerlines" d="${d}" fill="none" stroke="#000" stroke-width="${thin(0.75)}"${detailed ? ' stroke-dasharray="6 3"' : ''}/>`);
  }
  // Doors and windows: white gaps in the wall with a plan symbol (a door leaf and swing, or a glass line).
  body.push(`<g class="openings" stroke="#000" stroke-width="${thin(1)}" fill="#fff">`);
  for (const w of model.walls) {
    const len = Math.hypot(w.p2.x - w.p1.x, w.p2.y - w.p1.y) || 1;
    const nrm = { x: -(w.p2.y - w.p1.y) / len, y: (w.p2.x - w.p1.x) / len };
    for (const o of w.openings) {
      if (!(o.width > 0)) continue;
      const [a, b] = openingJambs(w, o.center, o.width);
      const tip = escapeXml(`${o.kind} ${o.id} · ${n(o.width)} mm · ${o.blockName} · ${o.layer}`);
      const rect = `<polygon points="${pts(footprint(a, b, w.thickness))}"/>`;
      if (o.kind === 'door') {
        const off = (p: Vec2, d: number) => ({ x: p.x + nrm.x * d, y: p.y + nrm.y * d });
        const hinge = off(a, w.thickness / 2);
        const leaf = off(a, w.thickness / 2 + o.width);
        const strike = off(b, w.thickness / 2);
        const r = n(o.width * scale);
        if (o.width * scale < 8) {
          body.push(`<g class="door" data-id="${escapeXml(o.id)}"><title>${tip}</title>${rect}</g>`);
          continue;
        }
        // Plan y is flipped, so the arc's sweep flag is mirrored.
        const sweep = nrm.x * (b.y - a.y) - nrm.y * (b.x - a.x) > 0 ? 1 : 0;
        body.push(
          `<g class="door" data-id="${escapeXml(o.id)}"><title>${tip}</title>${rect}<path d="M${X(hinge.x)} ${Y(hinge.y)}L${X(leaf.x)} ${Y(leaf.y)}A${r} ${r} 0 0 ${sweep} ${X(strike.x)} ${Y(strike.y)}" fill="none" stroke-width="${thin(0.75)}"/></g>`,
        );
      } else {
        body.push(
          `<g class="window" data-id="${escapeXml(o.id)}"><title>${tip}</title>${rect}<path d="M${X(a.x)} ${Y(a.y)}L${X(b.x)} ${Y(b.y)}" stroke="#0072B2" stroke-width="${thin(1.5)}"/></g>`,
        );
      }
    }
  }
  body.push('</g>');
  // Openings no wall could host: a dashed circle of their width.
  if (model.unhostedOpenings.length) {
    body.push('<g class="unhosted" fill="none" stroke="#D55E00" stroke-width="1.5" stroke-dasharray="3 2">');
    for (const o of model.unhostedOpenings) {
      const tip = escapeXml(`unhosted ${o.kind} ${o.id} · ${n(o.width)} mm · ${o.blockName} · ${o.layer}`);
      body.push(`<circle cx="${X(o.center.x)}" cy="${Y(o.center.y)}" r="${n(Math.max(3, (o.width / 2) * scale))}"><title>${tip}</title></circle>`);
    }
    body.push('</g>');
  }

  // Legend and scale bar, below the plan.
  const legend: string[] = [];
  const rowH = 20;
  let y = pad + planH + 28;
  if (options.title) {
    legend.push(`<text x="${pad}" y="${y}" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`);
    y += rowH + 4;
  }
  legend.push(
    `<text x="${pad}" y="${y}">${model.walls.length} walls, ${model.walls.reduce((s, w) => s + w.openings.length, 0)} doors and windows${model.unhostedOpenings.length ? `, ${model.unhostedOpenings.length} unhosted` : ''}</text>`,
  );
  y += rowH;
  const items: { swatch: (x: number, y: number) => string; label: string }[] = [];
  for (const [key, count] of top) {
    items.push({
      swatch: (x, yy) => `<rect x="${x}" y="${yy - 11}" width="24" height="12" fill="${colourOf.get(key)}" stroke="#222" stroke-width="0.6"/>`,
      label: `wall ${key} mm (${count})`,
    });
  }
  if (otherCount > 0) {
    items.push({
      swatch: (x, yy) => `<rect x="${x}" y="${yy - 11}" width="24" height="12" fill="${OTHER_COLOUR}" stroke="#222" stroke-width="0.6"/>`,
      label: `wall, other thickness (${otherCount})`,
    });
  }
  if (showCenterlines) items.push({ swatch: (x, yy) => `<path d="M${x} ${yy - 5}h24" stroke="#000" stroke-width="0.75" stroke-dasharray="6 3"/>`, label: 'centerline' });
  items.push({
    swatch: (x, yy) => `<rect x="${x}" y="${yy - 7}" width="24" height="6" fill="#fff" stroke="#000"/><path d="M${x} ${yy - 7}v-8A16 16 0 0 1 ${x + 24} ${yy - 7}" fill="none" stroke="#000" stroke-width="0.75"/>`,
    label: 'door',
  });
  items.push({
    swatch: (x, yy) => `<rect x="${x}" y="${yy - 8}" width="24" height="6" fill="#fff" stroke="#000"/><path d="M${x} ${yy - 5}h24" stroke="#0072B2" stroke-width="1.5"/>`,
    label: 'window',
  });
  if (model.unhostedOpenings.length) {
    items.push({ swatch: (x, yy) => `<circle cx="${x + 12}" cy="${yy - 5}" r="6" fill="none" stroke="#D55E00" stroke-width="1.5" stroke-dasharray="3 2"/>`, label: 'unhosted door/window' });
  }
  if (options.source) items.push({ swatch: (x, yy) => `<path d="M${x} ${yy - 5}h24" stroke="#b0b0b0"/>`, label: 'source drawing' });
  const colW = 230;
  const perRow = Math.max(1, Math.floor((width - 2 * pad) / colW));
  items.forEach((item, i) => {
    const x = pad + (i % perRow) * colW;
    const yy = y + Math.floor(i / perRow) * rowH + 12;
    legend.push(`${item.swatch(x, yy)}<text x="${x + 32}" y="${yy}">${escapeXml(item.label)}</text>`);
  });
  y += Math.ceil(items.length / perRow) * rowH + 16;

  // Scale bar: a round length close to a fifth of the plan width.
  const target = spanX / 5;
  const pow = 10 ** Math.floor(Math.log10(target));
  const barMm = [1, 2, 5, 10].map((f) => f * pow).filter((v) => v <= target).pop() ?? pow;
  const barPx = barMm * scale;
  const barLabel = barMm >= 1000 ? `${n(barMm / 1000)} m` : `${n(barMm)} mm`;
  legend.push(
    `<g class="scale-bar"><path d="M${pad} ${y}h${n(barPx)}M${pad} ${y - 5}v10M${n(pad + barPx)} ${y - 5}v10M${n(pad + barPx / 2)} ${y - 3}v6" stroke="#000" stroke-width="1.5" fill="none"/><text x="${n(pad + barPx + 8)}" y="${y + 4}">${barLabel}</text></g>`,
  );
  const height = Math.ceil(y + 24);

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img">`,
    `<title>${escapeXml(options.title ? `Plan: ${options.title}` : 'Plan')}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    '<g class="plan">',
    ...body,
    '</g>',
    '<g class="legend">',
    ...legend,
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}
