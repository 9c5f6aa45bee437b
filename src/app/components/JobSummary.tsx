import { Link } from '@tanstack/react-router';
import { defaultParams } from '../../core/params';
import type { JobRecord } from '../../db/schema';
import { PARAM_KEYS, PARAM_LABELS } from '../drawings/paramFields';
import { formatDateTime } from '../lib/format';

/** What the job was asked to do: drawing, layers, units, parameters that differ from the defaults. */
export function JobSummary({ job, drawingName }: { job: JobRecord; drawingName: string | null }) {
  const changed = PARAM_KEYS.filter((key) => job.params[key] !== defaultParams[key]);
  return (
    <dl className="summary">
      <dt>Drawing</dt>
      <dd>
        {drawingName === null ? (
          <span className="muted">deleted</span>
        ) : (
          <Link to="/drawings/$drawingId" params={{ drawingId: job.drawingId }}>
            <bdi>{drawingName}</bdi>
          </Link>
        )}
      </dd>
      <dt>Created</dt>
      <dd>{formatDateTime(job.createdAt)}</dd>
      <dt>Units</dt>
      <dd>{job.units}</dd>
      <dt>Layers ({job.selectedLayers.length})</dt>
      <dd>
        <ul className="chips">
          {job.selectedLayers.map((name, i) => (
            <li key={i}>
              <bdi>{name || '(unnamed layer)'}</bdi>
            </li>
          ))}
        </ul>
      </dd>
      <dt>Parameters</dt>
      <dd>
        {changed.length === 0
          ? 'defaults'
          : changed.map((key) => `${PARAM_LABELS[key]} = ${job.params[key]}`).join('; ')}
      </dd>
    </dl>
  );
}
