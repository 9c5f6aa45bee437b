import type { Layer } from '../core/model';
import { LineListBuilder, PolylineListBuilder } from '../core/layerGeometry';

/** A layer while an importer fills it: lines and polylines are collected in builders until the drawing is done. */
export interface LayerDraft extends Omit<Layer, 'lines' | 'polylines'> {
  lines: LineListBuilder;
  polylines: PolylineListBuilder;
}

export function emptyLayerDraft(name: string): LayerDraft {
  return { name, lines: new LineListBuilder(), polylines: new PolylineListBuilder(), blocks: [], otherCounts: [], skipped: 0 };
}

export function finishLayer(draft: LayerDraft): Layer {
  return { ...draft, lines: draft.lines.build(), polylines: draft.polylines.build() };
}
