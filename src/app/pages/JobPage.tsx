import { Link } from '@tanstack/react-router';
import { useEffect } from 'react';
import { getDrawing } from '../../db/drawings';
import { getJob, listArtifacts, listLogs, listSteps } from '../../db/jobs';
import type { JobStatus } from '../../db/schema';
import { ArtifactList } from '../components/ArtifactList';
import { JobActions } from '../components/JobActions';
import { JobSummary } from '../components/JobSummary';
import { LogView } from '../components/LogView';
import { Loading, Missing } from '../components/PageState';
import { StatusBadge } from '../components/StatusBadge';
import { StepTable } from '../components/StepTable';
import { formatDuration, shortId } from '../lib/format';
import { useLiveQuery } from '../lib/useLiveQuery';
import { useNow } from '../lib/useNow';
import { jobQueue } from '../jobs/jobQueue';
import { useShownJob } from '../jobs/useShownJob';
import { JobPlanViewer } from '../viewer/embeds';

export function JobPage({ jobId }: { jobId: string }) {
  // A job cancelled in this tab shows as cancelled from the click on, while the store write commits.
  const job = useShownJob(useLiveQuery(() => getJob(jobId), [jobId]));
  const drawingName = useLiveQuery(
    async () => {
      const stored = await getJob(jobId);
      return stored ? ((await getDrawing(stored.drawingId))?.name ?? null) : null;
    },
    [jobId],
  );
  const steps = useLiveQuery(() => listSteps(jobId), [jobId]);
  const logs = useLiveQuery(() => listLogs(jobId), [jobId]);
  const artifacts = useLiveQuery(() => listArtifacts(jobId), [jobId]);
  const running = job?.status === 'running';
  const now = useNow(running);
  // A job queued from this tab starts after its page is drawn (see JobQueue.untilShown).
  const pending = job?.status === 'pending';
  useEffect(() => {
    if (pending) jobQueue.jobShown(jobId);
  }, [jobId, pending]);

  if (job === undefined || steps === undefined) return <Loading />;
  if (job === null) return <Missing what="job" />;

  const percent = Math.round(job.progress * 100);
  const currentStep = running ? steps.find((step) => step.status === 'running') : undefined;
  const elapsed = job.startedAt === null ? null : (job.endedAt ?? now) - job.startedAt;

  return (
    <main className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/">Drawings</Link> <span aria-hidden="true">›</span>{' '}
        {drawingName ? (
          <Link to="/drawings/$drawingId" params={{ drawingId: job.drawingId }}>
            <bdi>{drawingName}</bdi>
          </Link>
        ) : (
          <span className="muted">deleted drawing</span>
        )}{' '}
        <span aria-hidden="true">›</span> <span>Job {shortId(job.id)}</span>
      </nav>
      <header className="page-header job-header">
        <h1>Job {shortId(job.id)}</h1>
        <StatusBadge status={job.status} testId="job-status" />
      </header>

      <section className="card" aria-label="Progress">
        <div className="progress-row">
          <progress max={100} value={percent} aria-label="Pipeline progress">
            {percent}%
          </progress>
          <span className="progress-text">{percent}%</span>
        </div>
        <p className="muted" aria-live="polite">
          {currentStep ? `Running ${currentStep.name}` : STATUS_SENTENCES[job.status]}
          {elapsed !== null && ` · ${formatDuration(elapsed)}`}
        </p>
        {job.error && job.status !== 'cancelled' && (
          <p role="alert" className="alert error">
            {job.error}
          </p>
        )}
        <JobActions job={job} artifacts={artifacts ?? []} />
      </section>

      <JobPlanViewer job={job} artifacts={artifacts ?? []} />

      <section className="card" aria-labelledby="steps-title">
        <h2 id="steps-title">Steps</h2>
        <StepTable steps={steps} />
      </section>

      <section className="card" aria-labelledby="artifacts-title">
        <h2 id="artifacts-title">Artifacts</h2>
        {artifacts === undefined ? <Loading /> : <ArtifactList artifacts={artifacts} />}
      </section>

      <section className="card" aria-labelledby="logs-title">
        <h2 id="logs-title">Logs</h2>
        {logs === undefined ? <Loading /> : <LogView logs={logs} />}
      </section>

      <section className="card" aria-labelledby="summary-title">
        <h2 id="summary-title">Job settings</h2>
        <JobSummary job={job} drawingName={drawingName ?? null} />
      </section>
    </main>
  );
}

const STATUS_SENTENCES: Readonly<Record<JobStatus, string>> = {
  pending: 'Waiting for a free worker',
  running: 'Starting',
  completed: 'Finished',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted: the tab running it was closed. Resume to run it again',
};
