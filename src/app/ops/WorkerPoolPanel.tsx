import { shortId } from '../lib/format';
import { usePoolStatus } from './usePoolStatus';

/** What this tab's pool is doing. Other tabs run their own pools. */
export function WorkerPoolPanel() {
  const pool = usePoolStatus();
  return (
    <dl className="facts" data-testid="worker-pool">
      <dt>Pool size</dt>
      <dd>{pool.size}</dd>
      <dt>Running</dt>
      <dd>
        {pool.running.length === 0
          ? 'none'
          : pool.running.map((r) => `job ${shortId(r.jobId)} on worker #${r.workerId}`).join(', ')}
      </dd>
      <dt>Idle workers</dt>
      <dd>{pool.idleWorkerIds.length === 0 ? 'none started' : pool.idleWorkerIds.map((id) => `#${id}`).join(', ')}</dd>
      <dt>Waiting jobs</dt>
      <dd>{pool.waitingJobIds.length}</dd>
      <dt>Replaced workers</dt>
      <dd>{pool.replaced} (crashed or stopped by a cancel)</dd>
    </dl>
  );
}
