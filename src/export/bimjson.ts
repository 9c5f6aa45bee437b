import type { BimJson, HostedOpening, WallsModel } from '../core/pipelineTypes';
import { JsonWriter } from '../core/json/jsonWriter';

export interface BimJsonSource {
  fileName: string;
  units: string;
  layers: string[];
  generator: string;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** A door or window feature; host null for one whose wall is not exported or that has none. */
function writeOpening(w: JsonWriter, o: Omit<HostedOpening, 'offset'>, host: string | null, offset: number | null, withOffset: boolean): void {
  w.raw('{"type":"Feature","id":').string(o.id).raw(',"geometry":{"type":"Point","coordinates":').point(o.center.x, o.center.y)
    .raw('},"properties":{"category":').string(o.kind).raw(',"width_mm":').number(round(o.width, 1)).raw(',"host_wall_id":');
  if (host === null) w.raw('null');
  else w.string(host);
  if (withOffset) {
    w.raw(',"offset_mm":');
    if (offset === null) w.raw('null');
    else w.number(round(offset, 1));
  }
  w.raw(',"block_name":').string(o.blockName).raw(',"layer":').string(o.layer).raw('}}');
}

/**
 * BIMJSON for the Revit add-in (SPEC §5), written straight into `w` (after what it holds): the reader turns every
 * LineString into a wall, so walls are the only LineStrings; doors and windows are Points. Walls shorter than
 * minWallLength are left out (their openings are still exported, unhosted). Written without first building the
 * features as objects: at 200k segments those were 9 MB that lived until the job's end.
 */
export function writeBimJson(w: JsonWriter, model: WallsModel, source: BimJsonSource, minWallLength: number): JsonWriter {
  w.raw('{"type":"BIMJSON","version":"1.0","units":"mm","source":').value({ ...source }).raw(',"features":[');
  let count = 0;
  const next = () => {
    if (count++ > 0) w.raw(',');
  };
  for (const wall of model.walls) {
    const exported = wall.length >= minWallLength;
    for (const o of wall.openings) {
      next();
      writeOpening(w, o, exported ? wall.id : null, exported ? o.offset : null, true);
    }
    if (!exported) continue;
    next();
    w.raw('{"type":"Feature","id":').string(wall.id).raw(',"geometry":{"type":"LineString","coordinates":[').point(wall.p1.x, wall.p1.y).raw(',').point(wall.p2.x, wall.p2.y)
      .raw(']},"properties":{"category":"wall","thickness_mm":').number(round(wall.thickness, 1)).raw(',"thickness_cm":').number(round(wall.thickness / 10, 2))
      .raw(',"length_mm":').number(round(wall.length, 1)).raw(',"layer":').string(wall.layers.join(', ')).raw(',"hosted":[');
    for (let k = 0; k < wall.openings.length; k++) (k > 0 ? w.raw(',') : w).string(wall.openings[k].id);
    w.raw('],"junctions":[');
    for (let k = 0; k < wall.junctions.length; k++) {
      const j = wall.junctions[k];
      (k > 0 ? w.raw(',') : w).raw('{"kind":').string(j.kind).raw(',"wall":').string(j.otherWallId).raw('}');
    }
    w.raw(']}}');
  }
  for (const o of model.unhostedOpenings) {
    next();
    writeOpening(w, o, null, null, false);
  }
  return w.raw(']}');
}

/** How many walls writeBimJson exports (as LineStrings). */
export function exportedWallCount(model: WallsModel, minWallLength: number): number {
  let count = 0;
  for (const wall of model.walls) if (wall.length >= minWallLength) count++;
  return count;
}

/** The BIMJSON as objects: writeBimJson's text, parsed (one format, written in one place). */
export function toBimJson(model: WallsModel, source: BimJsonSource, minWallLength: number): BimJson {
  return JSON.parse(new TextDecoder().decode(writeBimJson(new JsonWriter().reset(), model, source, minWallLength).view())) as BimJson;
}
