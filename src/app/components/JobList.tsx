import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { JobRecord } from '../../db/schema';
import { formatDateTime, formatDuration, shortId } from '../lib/format';
import '../compare/compare.css';
import { StatusBadge } from './StatusBadge';

/** The drawing's jobs, newest first; tick two of them to compare them side by side. */
export function JobList({ jobs }: { jobs: JobRecord[] }) {
  const navigate = useNavigate();
  const [picked, setPicked] = useState<string[]>([]);
  if (jobs.length === 0) return <p className="empty">No jobs yet for this drawing.</p>;

  // A picked job deleted meanwhile drops out of the selection.
  const selected = picked.filter((id) => jobs.some((job) => job.id === id));
  const toggle = (id: string, on: boolean) =>
    setPicked(on ? [...selected.filter((x) => x !== id), id] : selected.filter((x) => x !== id));

  function compare() {
    if (selected.length !== 2) return;
    // A is the older job (the baseline), B the re-run.
    const [a, b] = jobs.filter((job) => selected.includes(job.id)).sort((x, y) => x.createdAt - y.createdAt);
    void navigate({ to: '/compare', search: { a: a!.id, b: b!.id } });
  }

  return (
    <>
      <table className="data job-list">
        <thead>
          <tr>
            <th className="check">
              <span className="visually-hidden">Compare</span>
            </th>
            <th>Job</th>
            <th>Created</th>
            <th>Status</th>
            <th className="num">Layers</th>
            <th>Units</th>
            <th className="num">Duration</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => {
            const checked = selected.includes(job.id);
            return (
              <tr key={job.id} className={checked ? 'selected' : undefined}>
                <td className="check">
                  <input
                    type="checkbox"
                    aria-label={`Compare job ${shortId(job.id)}`}
                    checked={checked}
                    disabled={!checked && selected.length >= 2}
                    onChange={(event) => toggle(job.id, event.currentTarget.checked)}
                  />
                </td>
                <td>
                  <Link to="/jobs/$jobId" params={{ jobId: job.id }}>
                    Job {shortId(job.id)}
                  </Link>
                </td>
                <td>{formatDateTime(job.createdAt)}</td>
                <td>
                  <StatusBadge status={job.status} />
                </td>
                <td className="num">{job.selectedLayers.length}</td>
                <td>{job.units}</td>
                <td className="num">
                  {job.startedAt !== null && job.endedAt !== null ? formatDuration(job.endedAt - job.startedAt) : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {jobs.length >= 2 && (
        <div className="actions-row">
          <button type="button" onClick={compare} disabled={selected.length !== 2}>
            Compare
          </button>
          <span className="muted">
            {selected.length === 2 ? 'Compare the two ticked jobs side by side.' : 'Tick two jobs to compare them.'}
          </span>
        </div>
      )}
    </>
  );
}
