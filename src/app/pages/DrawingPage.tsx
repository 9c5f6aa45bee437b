import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { Box2 } from '../../core/model';
import { getDrawing, getLayers } from '../../db/drawings';
import { listJobsForDrawing } from '../../db/jobs';
import { jobQueue } from '../jobs/jobQueue';
import { useShownJobs } from '../jobs/useShownJob';
import { JobList } from '../components/JobList';
import { JobSetup } from '../components/JobSetup';
import { Loading, Missing } from '../components/PageState';
import { formatBytes, formatDateTime } from '../lib/format';
import { useLiveQuery } from '../lib/useLiveQuery';
import { DrawingPlanViewer } from '../viewer/embeds';

export function DrawingPage({ drawingId }: { drawingId: string }) {
  // The next job's region, drawn on the plan and shown in the job setup; kept per visit of the page.
  const [region, setRegion] = useState<Box2 | null>(null);
  /** A found view the pointer or focus is on: outlined on the plan in place of the region. */
  const [preview, setPreview] = useState<Box2 | null>(null);
  const drawing = useLiveQuery(() => getDrawing(drawingId), [drawingId]);
  const layers = useLiveQuery(() => getLayers(drawingId), [drawingId]);
  const jobs = useShownJobs(useLiveQuery(() => listJobsForDrawing(drawingId), [drawingId]));

  if (drawing === undefined || layers === undefined) return <Loading />;
  if (drawing === null) return <Missing what="drawing" />;

  return (
    <main className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/">Drawings</Link> <span aria-hidden="true">›</span> <bdi>{drawing.name}</bdi>
      </nav>
      <header className="page-header">
        <h1>
          <bdi>{drawing.name}</bdi>
        </h1>
        <p className="muted">
          {formatBytes(drawing.size)} · {layers.length} layers · added {formatDateTime(drawing.createdAt)}
        </p>
      </header>
      {drawing.warnings.length > 0 && (
        <details className="alert warning" open>
          <summary>
            {drawing.warnings.length} import warning{drawing.warnings.length === 1 ? '' : 's'}
          </summary>
          <ul>
            {drawing.warnings.map((warning, i) => (
              <li key={i} dir="auto">
                {warning}
              </li>
            ))}
          </ul>
        </details>
      )}
      <JobSetup key={drawing.id} drawing={drawing} layers={layers} region={region} onRegionChange={setRegion} onPreviewRegion={setPreview} />
      {/* Once the plan is drawn, a pool worker parses the drawing for the next job while the layers are picked. */}
      <DrawingPlanViewer drawing={drawing} region={preview ?? region} onRegionChange={setRegion} onShown={() => jobQueue.prepareFor(drawing)} />
      <section className="card" aria-labelledby="jobs-title">
        <h2 id="jobs-title">Jobs</h2>
        {jobs === undefined ? <Loading /> : <JobList jobs={jobs} />}
      </section>
    </main>
  );
}
