import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { DrawingSummary } from '../../db/drawings';
import { deleteDrawingAndJobs } from '../jobs/jobActions';
import { errorMessage, formatBytes, formatDateTime } from '../lib/format';

export function DrawingList({ drawings }: { drawings: DrawingSummary[] }) {
  if (drawings.length === 0) {
    return <p className="empty">No drawings yet. Upload a floor plan or try the sample.</p>;
  }
  return (
    <table className="data">
      <thead>
        <tr>
          <th>Name</th>
          <th className="num">Size</th>
          <th>Added</th>
          <th className="num">Layers</th>
          <th className="num">Jobs</th>
          <th>
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {drawings.map((drawing) => (
          <DrawingRow key={drawing.id} drawing={drawing} />
        ))}
      </tbody>
    </table>
  );
}

function jobsClause(jobCount: number): string {
  if (jobCount === 0) return '';
  return jobCount === 1 ? ' and its job' : ` and its ${jobCount} jobs`;
}

function DrawingRow({ drawing }: { drawing: DrawingSummary }) {
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setDeleting(true);
    try {
      await deleteDrawingAndJobs(drawing.id);
    } catch (e) {
      setError(errorMessage(e));
      setDeleting(false);
    }
  }

  return (
    <tr>
      <td className="name-cell">
        <Link to="/drawings/$drawingId" params={{ drawingId: drawing.id }}>
          <bdi>{drawing.name || '(unnamed file)'}</bdi>
        </Link>
      </td>
      <td className="num">{formatBytes(drawing.size)}</td>
      <td>{formatDateTime(drawing.createdAt)}</td>
      <td className="num">{drawing.layerCount}</td>
      <td className="num">{drawing.jobCount}</td>
      <td className="actions">
        {error && <span role="alert" className="inline-error">{error}</span>}
        {confirming ? (
          <span className="confirm">
            <span>
              Delete this drawing{jobsClause(drawing.jobCount)}?
            </span>
            <button type="button" className="danger" disabled={deleting} onClick={remove}>
              Yes, delete
            </button>
            <button type="button" disabled={deleting} onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" aria-label={`Delete ${drawing.name}`} onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </td>
    </tr>
  );
}
