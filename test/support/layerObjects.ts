import type { Line, LineList, PolylineList, Vec3 } from '../../src/core/model';
import { lineCount, polylineCount, vertexCount } from '../../src/core/layerGeometry';

// Object views of a layer's typed-array geometry, for assertions and for writers that serialise drawings.

const pointAt = (xyz: Float64Array, i: number): Vec3 => ({ x: xyz[3 * i], y: xyz[3 * i + 1], z: xyz[3 * i + 2] });

/** A polyline as an object (the model keeps polylines in a PolylineList). */
export interface PolylineObject {
  vertices: Vec3[];
  closed: boolean;
}

/** The lines of the list as objects. */
export function linesOf(list: LineList): Line[] {
  return Array.from({ length: lineCount(list) }, (_, i) => ({ start: pointAt(list.xyz, 2 * i), end: pointAt(list.xyz, 2 * i + 1) }));
}

/** The polylines of the list as objects. */
export function polylinesOf(list: PolylineList): PolylineObject[] {
  return Array.from({ length: polylineCount(list) }, (_, i) => ({
    vertices: Array.from({ length: vertexCount(list, i) }, (_, j) => pointAt(list.xyz, list.first[i] + j)),
    closed: list.closed[i] === 1,
  }));
}
