import { Link } from '@tanstack/react-router';
import { deleteOldJobs, storeUsage } from '../../db/storage';
import { Loading } from '../components/PageState';
import { formatBytes } from '../lib/format';
import { useLiveQuery } from '../lib/useLiveQuery';
import { ActionResult, useAction } from './useAction';

/** Bytes per drawing (its file and the artifacts of its jobs) and in total; frees the space of old jobs. */
export function StorageUsagePanel() {
  const usage = useLiveQuery(storeUsage, []);
  const cleanup = useAction();
  if (usage === undefined) return <Loading />;

  const removeOldJobs = () =>
    cleanup.run(async () => {
      const deleted = await deleteOldJobs();
      return `Deleted ${deleted} old job${deleted === 1 ? '' : 's'}.`;
    });

  return (
    <>
      <p data-testid="store-total">
        Drawings: <strong>{formatBytes(usage.totalFileBytes)}</strong>, artifacts:{' '}
        <strong>{formatBytes(usage.totalArtifactBytes)}</strong>
        {usage.orphanArtifactBytes > 0 && <> (of which {formatBytes(usage.orphanArtifactBytes)} belong to no job)</>}.
      </p>
      {usage.drawings.length > 0 && (
        <div className="table-scroll">
          <table className="data">
            <thead>
              <tr>
                <th>Drawing</th>
                <th className="num">File</th>
                <th className="num">Jobs</th>
                <th className="num">Artifacts</th>
                <th className="num">Total</th>
              </tr>
            </thead>
            <tbody>
              {usage.drawings.map((d) => (
                <tr key={d.drawingId}>
                  <td className="name-cell">
                    <Link to="/drawings/$drawingId" params={{ drawingId: d.drawingId }}>
                      <bdi>{d.name || '(unnamed file)'}</bdi>
                    </Link>
                  </td>
                  <td className="num">{formatBytes(d.fileBytes)}</td>
                  <td className="num">{d.jobCount}</td>
                  <td className="num">{formatBytes(d.artifactBytes)}</td>
                  <td className="num">{formatBytes(d.fileBytes + d.artifactBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions-row form-actions">
        <button type="button" disabled={cleanup.busy || usage.oldJobCount === 0} onClick={removeOldJobs}>
          Delete old jobs
        </button>
        <span className="hint">
          {usage.oldJobCount === 0
            ? 'No old jobs: each drawing keeps only its newest job.'
            : `Keeps the newest job of each drawing and deletes ${usage.oldJobCount} older finished jobs (${formatBytes(usage.oldJobBytes)} of artifacts).`}
        </span>
      </div>
      <ActionResult outcome={cleanup.outcome} />
    </>
  );
}
