import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { DrawingView } from '../../core/findViews';
import type { Box2, Units } from '../../core/model';
import { describeStorageError } from '../../db/errors';
import type { DrawingRecord, LayerRecord } from '../../db/schema';
import { orderedSelection } from '../drawings/layerSelection';
import { paramInputs, paramsFromInputs } from '../drawings/paramFields';
import { startJob } from '../jobs/jobActions';
import { describeRegion, errorMessage, formatCount } from '../lib/format';
import { LayerTable } from './LayerTable';
import { ParamsEditor } from './ParamsEditor';
import { UnitsField } from './UnitsField';

/** Layer selection, units and parameters of a new job, and the button that starts it. */
export function JobSetup({ drawing, layers, region, onRegionChange, onPreviewRegion }: {
  drawing: DrawingRecord;
  layers: LayerRecord[];
  region: Box2 | null;
  onRegionChange: (region: Box2 | null) => void;
  /** A found view under the pointer or focus (null when it leaves), for the plan to outline. */
  onPreviewRegion: (region: Box2 | null) => void;
}) {
  const navigate = useNavigate();
  const [selected, setSelected] = useState<Set<string>>(() => new Set(drawing.suggestedLayers));
  const [units, setUnits] = useState<Units>(drawing.detectedUnits);
  const [params, setParams] = useState(paramInputs);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  async function run() {
    setError(null);
    let validParams;
    try {
      validParams = paramsFromInputs(params);
    } catch (e) {
      setError(errorMessage(e));
      return;
    }
    setStarting(true);
    try {
      const jobId = await startJob({
        drawingId: drawing.id,
        selectedLayers: orderedSelection(layers, selected),
        units,
        params: validParams,
        region,
      });
      await navigate({ to: '/jobs/$jobId', params: { jobId } });
    } catch (e) {
      setError(describeStorageError(e));
      setStarting(false);
    }
  }

  return (
    <section className="card" aria-labelledby="job-setup-title">
      <h2 id="job-setup-title">Layers</h2>
      <p className="muted">
        Tick the layers that hold walls. Door and window layers are always used to find openings.
      </p>
      <LayerTable layers={layers} selected={selected} suggested={drawing.suggestedLayers} onChange={setSelected} />
      <div className="run-row">
        <UnitsField
          value={units}
          onChange={setUnits}
          detected={drawing.detectedUnits}
          reason={drawing.unitsReason}
          declared={drawing.declaredUnits}
        />
        <ParamsEditor values={params} onChange={setParams} />
      </div>
      <RegionRow region={region} views={drawing.views ?? []} units={units} onChange={onRegionChange} onPreview={onPreviewRegion} />
      {error && (
        <p role="alert" className="alert error">
          {error}
        </p>
      )}
      <div className="actions-row">
        <button type="button" className="primary" onClick={run} disabled={starting || selected.size === 0}>
          Run pipeline
        </button>
        {selected.size === 0 && <span className="muted">Select at least one layer.</span>}
      </div>
    </section>
  );
}

/** The job's region: the whole drawing, a drawn rectangle, or one of the separate views found at import. */
function RegionRow({ region, views, units, onChange, onPreview }: {
  region: Box2 | null;
  views: DrawingView[];
  units: Units;
  onChange: (region: Box2 | null) => void;
  onPreview: (region: Box2 | null) => void;
}) {
  const same = (a: Box2, b: Box2) => a.minX === b.minX && a.minY === b.minY && a.maxX === b.maxX && a.maxY === b.maxY;
  return (
    <div className="region-row">
      <p data-testid="job-region">
        <strong>Region:</strong>{' '}
        {region ? (
          <>
            {describeRegion(region, units)}{' '}
            <button type="button" className="small" onClick={() => onChange(null)}>
              Use the whole drawing
            </button>
          </>
        ) : (
          <span className="muted">the whole drawing. To use one view of several, draw a rectangle on the plan below (“Draw region”).</span>
        )}
      </p>
      {views.length > 0 && (
        <p>
          This drawing has {views.length} separate views:{' '}
          {views.map((view, i) => (
            <button
              key={i}
              type="button"
              className="small"
              aria-pressed={region !== null && same(region, view.box)}
              title={describeRegion(view.box, units)}
              onClick={() => {
                onPreview(null);
                onChange(view.box);
              }}
              onPointerEnter={() => onPreview(view.box)}
              onPointerLeave={() => onPreview(null)}
              onFocus={() => onPreview(view.box)}
              onBlur={() => onPreview(null)}
            >
              View {i + 1} ({formatCount(view.wallSegments)} wall lines)
            </button>
          ))}
        </p>
      )}
    </div>
  );
}
