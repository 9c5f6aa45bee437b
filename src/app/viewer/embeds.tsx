/** The plan viewer as the drawing and job pages embed it: geometry from the pipeline worker, selection in the URL. */
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useCallback, useMemo } from 'react';
import { MM_PER_UNIT, type Box2, type Units } from '../../core/model';
import { getDrawing } from '../../db/drawings';
import type { ArtifactRow, DrawingRecord, JobRecord } from '../../db/schema';
import { toolsWorker } from '../jobs/pipelineWorker';
import { useLiveQuery } from '../lib/useLiveQuery';
import { PlanViewer } from './PlanViewer';
import { cachedPlanScene } from './planSceneCache';
import { EMPTY_GEOMETRY, type ArtifactSource, type SceneDataLoader } from './useViewerData';

/** Selection keys in the `sel` search parameter (space-separated), replaced in place so Back is not flooded. */
function useUrlSelection(): [string[], (keys: string[]) => void] {
  const search = useSearch({ strict: false }) as Record<string, unknown>;
  const navigate = useNavigate();
  const raw = typeof search.sel === 'string' ? search.sel : '';
  const selection = useMemo(() => (raw ? raw.split(' ').filter(Boolean) : []), [raw]);
  const set = useCallback(
    (keys: string[]) => {
      void navigate({
        to: '.',
        replace: true,
        search: (prev: Record<string, unknown>) => ({ ...prev, sel: keys.length ? keys.join(' ') : undefined }),
      } as never);
    },
    [navigate],
  );
  return [selection, set];
}

function geometryLoader(drawing: DrawingRecord | null, units: Units) {
  return () =>
    drawing
      ? toolsWorker().call((api) => api.geometry(drawing.file, drawing.name, drawing.contentHash, MM_PER_UNIT[units]))
      : Promise.resolve(EMPTY_GEOMETRY);
}

/**
 * The scene built in the tools worker: the artifacts are parsed there, the page gets transferred arrays. The plan
 * alone (no artifacts) is built once per drawing and scale, and shared by the drawing page and its job pages.
 */
function sceneLoader(drawing: DrawingRecord | null, units: Units): SceneDataLoader {
  const source = drawing ? { file: drawing.file, fileName: drawing.name, contentHash: drawing.contentHash, mmPerUnit: MM_PER_UNIT[units] } : null;
  const build = (artifacts: ArtifactSource[]) => toolsWorker().call((api) => api.viewerScene(source, artifacts));
  return {
    scene: (artifacts) => (source && artifacts.length === 0 ? cachedPlanScene(`${source.contentHash}:${source.mmPerUnit}`, () => build([])) : build(artifacts)),
    overlays: (artifacts, origin, keys) => toolsWorker().call((api) => api.viewerOverlays(artifacts, origin, keys)),
  };
}

/** A region between drawing units (stored with the job) and the viewer's world mm. */
function scaleBox(box: Box2 | null | undefined, factor: number): Box2 | null {
  return box ? { minX: box.minX * factor, minY: box.minY * factor, maxX: box.maxX * factor, maxY: box.maxY * factor } : null;
}

const baseName = (name: string) => name.replace(/\.[^.]+$/, '').replace(/[\\/:*?"<>|]+/g, '_') || 'plan';

/** The drawing's plan; the region of the next job (drawing units) is drawn on it and changed with its region tool. */
export function DrawingPlanViewer({ drawing, region, onRegionChange, onShown }: { drawing: DrawingRecord; region: Box2 | null; onRegionChange: (region: Box2 | null) => void; onShown?: () => void }) {
  const [selection, setSelection] = useUrlSelection();
  const units = drawing.declaredUnits ?? drawing.detectedUnits;
  const mmPerUnit = MM_PER_UNIT[units];
  return (
    <PlanViewer
      sourceKey={`drawing:${drawing.id}:${units}`}
      title={drawing.name}
      fileBase={baseName(drawing.name)}
      loadGeometry={geometryLoader(drawing, units)}
      loadSceneData={sceneLoader(drawing, units)}
      highlightedLayers={drawing.suggestedLayers}
      units={{ name: units, mmPerUnit: MM_PER_UNIT[units] }}
      selection={selection}
      onSelectionChange={setSelection}
      region={scaleBox(region, mmPerUnit)}
      onRegionChange={(box) => onRegionChange(scaleBox(box, 1 / mmPerUnit))}
      onFirstFrame={onShown}
    />
  );
}

export function JobPlanViewer({ job, artifacts }: { job: JobRecord; artifacts: readonly ArtifactRow[] }) {
  const [selection, setSelection] = useUrlSelection();
  const drawing = useLiveQuery(() => getDrawing(job.drawingId), [job.drawingId]);
  if (drawing === undefined) return null;
  // Overlays come with the finished job; until then the plan shows the drawing alone.
  const finished = job.status === 'completed';
  return (
    <PlanViewer
      sourceKey={`job:${job.id}:${finished ? 'done' : 'pending'}:${drawing ? 'd' : 'x'}`}
      title={drawing?.name ?? `Job ${job.id}`}
      fileBase={`${baseName(drawing?.name ?? 'job')}-${job.id.slice(0, 8)}`}
      loadGeometry={geometryLoader(drawing, job.units)}
      loadSceneData={sceneLoader(drawing, job.units)}
      highlightedLayers={job.selectedLayers}
      artifacts={finished ? artifacts : undefined}
      units={{ name: job.units, mmPerUnit: MM_PER_UNIT[job.units] }}
      selection={selection}
      onSelectionChange={setSelection}
      region={scaleBox(job.region, MM_PER_UNIT[job.units])}
    />
  );
}
