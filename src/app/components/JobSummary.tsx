import { Link } from '@tanstack/react-router';
import { defaultParams } from '../../core/params';
import type { JobRecord } from '../../db/schema';
import '../compare/compare.css';
import { PARAM_KEYS, PARAM_LABELS } from '../drawings/paramFields';
import { describeRegion, formatDateTime } from '../lib/format';

/** What the job was asked to do: drawing, layers, units, and every parameter (those changed from the default highlighted). */
export function JobSummary({ job, drawingName }: { job: JobRecord; drawingName: string | null }) {
  const changed = PARAM_KEYS.filter((key) => paramValue(job, key) !== defaultParams[key]);
  return (
    <>
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
        <dt>Region</dt>
        <dd data-testid="summary-region">{job.region ? describeRegion(job.region, job.units) : 'the whole drawing'}</dd>
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
            : `${changed.length} changed: ${changed.map((key) => `${PARAM_LABELS[key]} = ${paramValue(job, key)}`).join('; ')}`}
        </dd>
      </dl>
      <ParamsTable job={job} />
    </>
  );
}

/** Jobs stored before a parameter existed have no value for it: the pipeline used the default. */
function paramValue(job: JobRecord, key: (typeof PARAM_KEYS)[number]): number | string {
  return job.params[key] ?? defaultParams[key];
}

function ParamsTable({ job }: { job: JobRecord }) {
  return (
    <div className="table-scroll full">
      <table className="data compact" aria-label="Job parameters">
        <thead>
          <tr>
            <th>Parameter</th>
            <th className="num">Value</th>
            <th className="num">Default</th>
          </tr>
        </thead>
        <tbody>
          {PARAM_KEYS.map((key) => {
            const value = paramValue(job, key);
            const isChanged = value !== defaultParams[key];
            return (
              <tr key={key} className={isChanged ? 'changed' : undefined}>
                <td>
                  {PARAM_LABELS[key]}
                  {isChanged && (
                    <>
                      {' '}
                      <span className="change-tag">changed</span>
                    </>
                  )}
                </td>
                <td className="num">{value}</td>
                <td className="num">{defaultParams[key]}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
