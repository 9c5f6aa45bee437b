/**
 * Deterministic synthetic floor plans for the benchmark (issue 3). A plan is a site of building wings; each
 * wing is a grid of rooms whose walls are drawn the way CAD plans draw them: two face lines per wall, broken
 * at every junction and at every opening, with jamb lines at the openings, door blocks (box over the gap and
 * the swing) and window blocks on the exterior walls. Some wings are rotated by arbitrary angles, a few walls
 * are drawn as polylines, a few lines are duplicated (CLEAN_DEDUP work), and noise layers (hatch, dimensions,
 * furniture, glazing) are present but not selected.
 *
 * Size = line-like segments on the wall layer (what LOGIC_B searches); wings are added until it is reached.
 */
import { seededRandom } from '../support/random';
import type { BlockRef, Drawing, Layer, Line } from '../../src/core/model';
import { lineCount } from '../../src/core/layerGeometry';
import { emptyLayerDraft, finishLayer, type LayerDraft } from '../../src/import/layerDraft';

export const WALL_LAYER = 'A-WALL';


interface Frame {
  ox: number;
  oy: number;
  c: number;
  s: number;
  deg: number;
}

interface Sink {
  wall: LayerDraft;
  doors: LayerDraft;
  windows: LayerDraft;
  hatch: LayerDraft;
  dims: LayerDraft;
  furniture: LayerDraft;
  glazing: LayerDraft;
  wallSegments: number;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

function place(f: Frame, x: number, y: number) {
  return { x: round3(f.ox + f.c * x - f.s * y), y: round3(f.oy + f.s * x + f.c * y), z: 0 };
}

function addLine(layer: LayerDraft, f: Frame, x1: number, y1: number, x2: number, y2: number): Line {
  const l = { start: place(f, x1, y1), end: place(f, x2, y2) };
  layer.lines.add(l.start, l.end);
  return l;
}

function worldBox(f: Frame, minX: number, minY: number, maxX: number, maxY: number) {
  const pts = [place(f, minX, minY), place(f, maxX, minY), place(f, maxX, maxY), place(f, minX, maxY)];
  return { minX: Math.min(...pts.map((p) => p.x)), minY: Math.min(...pts.map((p) => p.y)), maxX: Math.max(...pts.map((p) => p.x)), maxY: Math.max(...pts.map((p) => p.y)) };
}

function addBlock(layer: LayerDraft, f: Frame, name: string, x: number, y: number, localRotation: number, box: [number, number, number, number]): void {
  const b: BlockRef = { name, position: place(f, x, y), rotation: (localRotation + f.deg) % 360, scaleX: 1, scaleY: 1, bbox: worldBox(f, ...box) };
  layer.blocks.push(b);
}

interface Opening {
  at: number;
  width: number;
  kind: 'door' | 'window';
}

/**
 * One wall run in local coordinates, along x from a to b, centred on y = c, thickness t (a vertical run is
 * drawn through a transposed frame). Faces are broken at the openings; jambs close each gap.
 */
function drawRun(sink: Sink, f: Frame, a: number, b: number, c: number, t: number, openings: Opening[], random: () => number): void {
  const faces = [c - t / 2, c + t / 2];
  // Pieces between openings.
  const cuts = [...openings].sort((p, q) => p.at - q.at);
  const pieces: [number, number][] = [];
  let from = a;
  for (const o of cuts) {
    pieces.push([from, o.at]);
    from = o.at + o.width;
  }
  pieces.push([from, b]);
  const asPolyline = random() < 0.08;
  faces.forEach((y, k) => {
    pieces.forEach(([lo, hi]) => {
      if (hi - lo <= 0) return;
      if (asPolyline && k === 0) {
        // The face drawn as a 3-vertex open polyline (a CAD "PLINE" wall face).
        const mid = (lo + hi) / 2;
        sink.wall.polylines.add([place(f, lo, y), place(f, mid, y), place(f, hi, y)], false);
        sink.wallSegments += 2;
      } else {
        const l = addLine(sink.wall, f, lo, y, hi, y);
        sink.wallSegments++;
        if (random() < 0.01) {
          // An exact (sometimes reversed) duplicate, as CAD files have.
          if (random() < 0.5) sink.wall.lines.add(l.start, l.end);
          else sink.wall.lines.add(l.end, l.start);
          sink.wallSegments++;
        }
      }
    });
  });
  for (const o of cuts) {
    addLine(sink.wall, f, o.at, faces[0], o.at, faces[1]);
    addLine(sink.wall, f, o.at + o.width, faces[0], o.at + o.width, faces[1]);
    sink.wallSegments += 2;
    if (o.kind === 'door') {
      const swing = random() < 0.5 ? 1 : -1;
      const y0 = swing > 0 ? faces[1] : faces[0] - o.width;
      const y1 = swing > 0 ? faces[1] + o.width : faces[0];
      addBlock(sink.doors, f, `DOOR_${o.width}`, o.at, c, 0, [o.at, Math.min(y0, faces[0]), o.at + o.width, Math.max(y1, faces[1])]);
    } else {
      addBlock(sink.windows, f, `WIN_${o.width}`, o.at, c, 0, [o.at, faces[0], o.at + o.width, faces[1]]);
      addLine(sink.glazing, f, o.at, c, o.at + o.width, c);
    }
  }
  // Hatch of the wall body (not selected): 45° strokes every ~150 mm on a share of the walls.
  if (random() < 0.3) {
    for (let x = a; x + t < b; x += 150) addLine(sink.hatch, f, x, faces[0], x + t, faces[1]);
  }
}

function openingsFor(length: number, exterior: boolean, random: () => number, a: number): Opening[] {
  const out: Opening[] = [];
  if (exterior) {
    // Windows spaced along exterior walls.
    let x = a + 700 + random() * 500;
    while (true) {
      const w = [900, 1200, 1500, 1800, 2400][Math.floor(random() * 5)];
      if (x + w > a + length - 700) break;
      if (random() < 0.75) out.push({ at: Math.round(x), width: w, kind: 'window' });
      x += w + 900 + random() * 1500;
    }
    if (random() < 0.15 && length > 2500) {
      const at = a + 300 + Math.round(random() * (length - 1600));
      if (!out.some((o) => at < o.at + o.width + 200 && o.at < at + 1000 + 200)) out.push({ at, width: 1000, kind: 'door' });
    }
  } else if (random() < 0.6 && length > 1600) {
    const w = [800, 900, 1000][Math.floor(random() * 3)];
    out.push({ at: Math.round(a + 200 + random() * (length - w - 400)), width: w, kind: 'door' });
  }
  return out;
}

/** One wing: nx × ny rooms, exterior walls 300 mm, interior 100–200 mm, in its own frame. */
function drawWing(sink: Sink, f: Frame, nx: number, ny: number, random: () => number): void {
  const xs = [0], ys = [0];
  for (let i = 0; i < nx; i++) xs.push(xs[i] + 3000 + Math.round(random() * 30) * 100);
  for (let j = 0; j < ny; j++) ys.push(ys[j] + 3000 + Math.round(random() * 30) * 100);
  const thick = (exterior: boolean) => (exterior ? 300 : [100, 150, 200][Math.floor(random() * 3)]);
  const colT = xs.map((_, i) => thick(i === 0 || i === nx));
  const rowT = ys.map((_, j) => thick(j === 0 || j === ny));
  // Horizontal runs: along row j between columns i and i + 1, ending at the vertical walls' faces.
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i < nx; i++) {
      const a = xs[i] + colT[i] / 2, b = xs[i + 1] - colT[i + 1] / 2;
      const exterior = j === 0 || j === ny;
      drawRun(sink, f, a, b, ys[j], rowT[j], openingsFor(b - a, exterior, random, a), random);
    }
  }
  // Vertical runs, drawn in a frame rotated by a further 90°: local x runs along world "up".
  const vf: Frame = { ox: f.ox, oy: f.oy, c: -f.s, s: f.c, deg: f.deg + 90 };
  // In vf, local (x, y) maps to world f(-y, x): a vertical wall at x = X is a run along local x at c = -X.
  for (let i = 0; i <= nx; i++) {
    for (let j = 0; j < ny; j++) {
      // Vertical walls run through the junctions (faces broken at the horizontal walls' faces).
      const a = ys[j] + rowT[j] / 2, b = ys[j + 1] - rowT[j + 1] / 2;
      const exterior = i === 0 || i === nx;
      drawRun(sink, vf, a, b, -xs[i], colT[i], openingsFor(b - a, exterior, random, a), random);
    }
  }
  // Junction pieces: the wall body inside each crossing, closed by the faces of the horizontal wall that runs
  // through it (so the horizontal bands are continuous across the crossing, as most plans draw them).
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i <= nx; i++) {
      const a = xs[i] - colT[i] / 2, b = xs[i] + colT[i] / 2;
      for (const y of [ys[j] - rowT[j] / 2, ys[j] + rowT[j] / 2]) {
        addLine(sink.wall, f, a, y, b, y);
        sink.wallSegments++;
      }
    }
  }
  // Noise: dimension strings and furniture in each room (other layers).
  for (let i = 0; i < nx; i++) {
    addLine(sink.dims, f, xs[i], ys[0] - 1500, xs[i + 1], ys[0] - 1500);
    for (let j = 0; j < ny; j++) {
      if (random() < 0.5) {
        const x = xs[i] + 600, y = ys[j] + 600;
        sink.furniture.polylines.add([place(f, x, y), place(f, x + 1600, y), place(f, x + 1600, y + 800), place(f, x, y + 800)], true);
      }
    }
  }
}

export interface GeneratedPlan {
  drawing: Drawing;
  /** Line-like segments on the wall layer (before de-duplication). */
  wallSegments: number;
  /** Line-like segments on every layer. */
  totalSegments: number;
  wings: number;
}

function countSegments(layers: Layer[]): number {
  let n = 0;
  for (const l of layers) {
    n += lineCount(l.lines);
    const { first, closed } = l.polylines;
    for (let p = 0; p < closed.length; p++) n += first[p + 1] - first[p] - (closed[p] ? 0 : 1);
  }
  return n;
}

/** A plan with about `targetSegments` segments on the wall layer; the same seed always gives the same plan. */
export function generatePlan(targetSegments: number, seed = 1): GeneratedPlan {
  const random = seededRandom(seed);
  const sink: Sink = {
    wall: emptyLayerDraft(WALL_LAYER), doors: emptyLayerDraft('A-DOOR'), windows: emptyLayerDraft('A-WINDOW'), hatch: emptyLayerDraft('A-WALL-PATT'),
    dims: emptyLayerDraft('A-ANNO-DIMS'), furniture: emptyLayerDraft('A-FURN'), glazing: emptyLayerDraft('A-GLAZ-LINES'), wallSegments: 0,
  };
  const cell = 260_000; // site grid: room for a 25 × 25-room wing rotated by any angle
  const perRow = 12;
  let wings = 0;
  while (sink.wallSegments < targetSegments) {
    // Wing size: small plans get a single small wing; big plans many wings of 6–24 rooms a side.
    const remaining = targetSegments - sink.wallSegments;
    const maxSide = Math.max(2, Math.min(24, Math.floor(Math.sqrt(remaining / 11))));
    const nx = Math.max(1, Math.min(maxSide, 6 + Math.floor(random() * 19)));
    const ny = Math.max(1, Math.min(maxSide, 6 + Math.floor(random() * 19)));
    const rotated = wings % 4 === 3;
    const deg = rotated ? [30, 17.5, 45, 62.25, 8][wings % 5] : [0, 90, 180][wings % 3];
    const rad = (deg * Math.PI) / 180;
    const frame: Frame = { ox: (wings % perRow) * cell + 40_000, oy: Math.floor(wings / perRow) * cell + 40_000, c: Math.cos(rad), s: Math.sin(rad), deg };
    drawWing(sink, frame, nx, ny, random);
    wings++;
  }
  const layers = [sink.wall, sink.doors, sink.windows, sink.hatch, sink.dims, sink.furniture, sink.glazing].map(finishLayer);
  return {
    drawing: { fileName: `synthetic-${targetSegments}-seed${seed}.json`, declaredUnits: null, warnings: [], layers },
    wallSegments: countSegments([layers[0]]),
    totalSegments: countSegments(layers),
    wings,
  };
}
