import type { Line, LineList, PolylineList, Vec3 } from './model';

/** How many lines the list holds. */
export function lineCount(lines: LineList): number {
  return lines.xyz.length / 6;
}

/** How many polylines the list holds. */
export function polylineCount(polylines: PolylineList): number {
  return polylines.closed.length;
}

/** How many vertices polyline i has. */
export function vertexCount(polylines: PolylineList, i: number): number {
  return polylines.first[i + 1] - polylines.first[i];
}

/** A Float64Array filled by appending, grown by doubling; trimmed to its length when taken. */
class GrowingFloats {
  private values = new Float64Array(48);
  length = 0;

  push3(a: number, b: number, c: number): void {
    if (this.length + 3 > this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = a;
    this.values[this.length++] = b;
    this.values[this.length++] = c;
  }

  take(): Float64Array {
    return this.values.slice(0, this.length);
  }
}

/** Collects lines one by one (importers), then hands over the LineList. */
export class LineListBuilder {
  private readonly xyz = new GrowingFloats();

  add(start: Vec3, end: Vec3): void {
    this.xyz.push3(start.x, start.y, start.z);
    this.xyz.push3(end.x, end.y, end.z);
  }

  build(): LineList {
    return { xyz: this.xyz.take() };
  }
}

/** Collects polylines vertex by vertex (importers), then hands over the PolylineList. */
export class PolylineListBuilder {
  private readonly xyz = new GrowingFloats();
  private readonly first: number[] = [0];
  private readonly closed: number[] = [];

  addVertex(x: number, y: number, z: number): void {
    this.xyz.push3(x, y, z);
  }

  /** Ends the polyline made of the vertices added since the last one ended. */
  endPolyline(closed: boolean): void {
    this.first.push(this.xyz.length / 3);
    this.closed.push(closed ? 1 : 0);
  }

  add(vertices: readonly Vec3[], closed: boolean): void {
    for (const v of vertices) this.addVertex(v.x, v.y, v.z);
    this.endPolyline(closed);
  }

  build(): PolylineList {
    return { xyz: this.xyz.take(), first: Uint32Array.from(this.first), closed: Uint8Array.from(this.closed) };
  }
}

/** A LineList of the given lines (tests, small hand-made drawings). */
export function lineListOf(lines: readonly Line[]): LineList {
  const builder = new LineListBuilder();
  for (const l of lines) builder.add(l.start, l.end);
  return builder.build();
}

/** A PolylineList of the given polylines (tests, small hand-made drawings). */
export function polylineListOf(polylines: readonly { vertices: readonly Vec3[]; closed: boolean }[]): PolylineList {
  const builder = new PolylineListBuilder();
  for (const p of polylines) builder.add(p.vertices, p.closed);
  return builder.build();
}
