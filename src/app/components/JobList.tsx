import { Link } from '@tanstack/react-router';
import type { JobRecord } from '../../db/schema';
import { formatDateTime, formatDuration, shortId } from '../lib/format';
import { StatusBadge } from './StatusBadge';

export function JobList({ jobs }: { jobs: JobRecord[] }) {
  if (jobs.length === 0) return <p className="empty">No jobs yet for this drawing.</p>;
  return (
    <table className="data">
      <thead>
        <tr>
          <th>Job</th>
          <th>Created</th>
          <th>Status</th>
          <th className="num">Layers</th>
          <th>Units</th>
          <th className="num">Duration</th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <tr key={job.id}>
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
        ))}
      </tbody>
    </table>
  );
}
