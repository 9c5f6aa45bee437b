import { Link } from '@tanstack/react-router';
import { lastErrors } from '../../db/diagnostics';
import { Loading } from '../components/PageState';
import { formatDateTime, shortId } from '../lib/format';
import { useLiveQuery } from '../lib/useLiveQuery';

/** The newest error entries of all job logs. */
export function LastErrorsPanel() {
  const errors = useLiveQuery(() => lastErrors(10), []);
  if (errors === undefined) return <Loading />;
  if (errors.length === 0) return <p className="empty">No errors logged.</p>;
  return (
    <ul className="log-list" data-testid="last-errors">
      {errors.map((log) => (
        <li key={log.id} className="log log-error">
          <span className="muted">{formatDateTime(log.time)}</span>{' '}
          <Link to="/jobs/$jobId" params={{ jobId: log.jobId }}>
            job {shortId(log.jobId)}
          </Link>
          {log.step && <span className="log-step"> {log.step}</span>} <span className="log-message">{log.message}</span>
        </li>
      ))}
    </ul>
  );
}
