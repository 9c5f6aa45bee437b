import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import type { ArtifactRow } from '../../db/schema';
import { loadJobSide, type JobSideData } from '../compare/compareData';
import '../compare/compare.css';
import {
  durationRows,
  finalCounts,
  hostedOpenings,
  jobDuration,
  layerRows,
  metricRows,
  paramDifferences,
  type CompareRow,
  type HostedOpenings,
} from '../compare/compareModel';
import { Loading } from '../components/PageState';
import { StatusBadge } from '../components/StatusBadge';
import { describeRegion, errorMessage, formatCount, formatDateTime, formatDuration, shortId } from '../lib/format';
import { useLiveQuery } from '../lib/useLiveQuery';

/** Two jobs side by side (usually the same drawing run with different parameters): #/compare?a=<job>&b=<job>. */
export function ComparePage({ a, b }: { a: string; b: string }) {
  const sideA = useLiveQuery(() => loadJobSide(a), [a]);
  const sideB = useLiveQuery(() => loadJobSide(b), [b]);
  const hostedA = useHostedOpenings(sideA?.walls ?? null);
  const hostedB = useHostedOpenings(sideB?.walls ?? null);

  if (sideA === undefined || sideB === undefined) return <Loading />;
  if (sideA === null || sideB === null) {
    return (
      <main className="page">
        <div className="page-state">
          <p role="alert">
            {a === '' || b === ''
              ? 'Pick two jobs to compare on a drawing page.'
              : `Job ${shortId(sideA === null ? a : b)} is not stored in this browser (it may have been deleted).`}
          </p>
          <Link to="/">Back to the drawings</Link>
        </div>
      </main>
    );
  }

  const { job: jobA } = sideA;
  const { job: jobB } = sideB;
  const params = paramDifferences(jobA.params, jobB.params);
  const regionA = jobA.region ? describeRegion(jobA.region, jobA.units) : 'whole drawing';
  const regionB = jobB.region ? describeRegion(jobB.region, jobB.units) : 'whole drawing';
  const layers = layerRows(jobA.selectedLayers, jobB.selectedLayers);
  const counts = finalCounts({ steps: sideA.steps, hosted: hostedA }, { steps: sideB.steps, hosted: hostedB });
  const metrics = metricRows(sideA.steps, sideB.steps);
  const durations = durationRows(sideA.steps, sideB.steps);
  const totalDuration: CompareRow = (() => {
    const durA = jobDuration(jobA);
    const durB = jobDuration(jobB);
    return { a: durA, b: durB, diff: durA !== null && durB !== null ? durB - durA : null, differs: false };
  })();
  const nameA = `Job A (${shortId(jobA.id)})`;
  const nameB = `Job B (${shortId(jobB.id)})`;

  return (
    <main className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/">Drawings</Link> <span aria-hidden="true">›</span>{' '}
        {sideA.drawingName !== null ? (
          <Link to="/drawings/$drawingId" params={{ drawingId: jobA.drawingId }}>
            <bdi>{sideA.drawingName}</bdi>
          </Link>
        ) : (
          <span className="muted">deleted drawing</span>
        )}{' '}
        <span aria-hidden="true">›</span> <span>Compare</span>
      </nav>
      <header className="page-header">
        <h1>
          Compare jobs {shortId(jobA.id)} and {shortId(jobB.id)}
        </h1>
        <div className="compare-actions">
          <Link to="/compare" search={{ a: jobB.id, b: jobA.id }}>
            Swap A and B
          </Link>
        </div>
      </header>

      <section className="card" aria-labelledby="compare-jobs-title">
        <h2 id="compare-jobs-title">Jobs</h2>
        {jobA.drawingId !== jobB.drawingId && (
          <p className="alert warning">The two jobs ran on different drawings.</p>
        )}
        <div className="compare-grid">
          <JobCard title={nameA} side={sideA} />
          <JobCard title={nameB} side={sideB} />
        </div>
      </section>

      <section className="card" aria-labelledby="compare-counts-title">
        <h2 id="compare-counts-title">Final counts</h2>
        <CompareTable
          label="Final counts"
          first="Count"
          nameA={nameA}
          nameB={nameB}
          rows={counts.map((row) => ({ key: row.label, cells: [row.label], row }))}
        />
      </section>

      <section className="card" aria-labelledby="compare-params-title">
        <h2 id="compare-params-title">Parameters that differ</h2>
        {params.length === 0 ? (
          <p className="empty">Both jobs used the same parameters.</p>
        ) : (
          <CompareTable
            label="Parameters that differ"
            first="Parameter"
            nameA={nameA}
            nameB={nameB}
            rows={params.map((p) => ({ key: p.key, cells: [p.label], row: { a: p.a, b: p.b, diff: typeof p.a === 'number' && typeof p.b === 'number' ? p.b - p.a : null, differs: true } }))}
          />
        )}
      </section>

      <section className="card" aria-labelledby="compare-layers-title">
        <h2 id="compare-layers-title">Layers and units</h2>
        <div className="table-scroll full">
          <table className="data compact" aria-label="Layers and units">
            <thead>
              <tr>
                <th>Layer</th>
                <th>{nameA}</th>
                <th>{nameB}</th>
              </tr>
            </thead>
            <tbody>
              <tr className={jobA.units !== jobB.units ? 'differs' : undefined}>
                <td>Units</td>
                <td>{jobA.units}</td>
                <td>{jobB.units}</td>
              </tr>
              <tr className={regionA !== regionB ? 'differs' : undefined}>
                <td>Region</td>
                <td>{regionA}</td>
                <td>{regionB}</td>
              </tr>
              {layers.map((layer, i) => (
                <tr key={i} className={layer.inA !== layer.inB ? 'differs' : undefined}>
                  <td className="name-cell">
                    <bdi>{layer.name || '(unnamed layer)'}</bdi>
                  </td>
                  <td>{layer.inA ? 'selected' : '—'}</td>
                  <td>{layer.inB ? 'selected' : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="compare-metrics-title">
        <h2 id="compare-metrics-title">Step metrics</h2>
        <CompareTable
          label="Step metrics"
          scroll
          first="Step"
          second="Metric"
          nameA={nameA}
          nameB={nameB}
          rows={metrics.map((m) => ({ key: `${m.step}.${m.metric}`, cells: [m.step, m.metric], row: m }))}
        />
      </section>

      <section className="card" aria-labelledby="compare-durations-title">
        <h2 id="compare-durations-title">Durations</h2>
        <CompareTable
          label="Durations"
          first="Step"
          nameA={nameA}
          nameB={nameB}
          format={formatMs}
          neutral
          rows={[
            ...durations.map((d) => ({ key: d.step, cells: [d.step], row: d })),
            { key: 'total', cells: ['Whole job'], row: totalDuration },
          ]}
        />
      </section>
    </main>
  );
}

function JobCard({ title, side }: { title: string; side: JobSideData }) {
  const { job } = side;
  const duration = jobDuration(job);
  return (
    <div>
      <h3>
        <Link to="/jobs/$jobId" params={{ jobId: job.id }}>
          {title}
        </Link>{' '}
        <StatusBadge status={job.status} />
      </h3>
      <dl className="summary">
        <dt>Drawing</dt>
        <dd>{side.drawingName === null ? <span className="muted">deleted</span> : <bdi>{side.drawingName}</bdi>}</dd>
        <dt>Created</dt>
        <dd>{formatDateTime(job.createdAt)}</dd>
        <dt>Duration</dt>
        <dd>{duration === null ? '—' : formatDuration(duration)}</dd>
      </dl>
      {job.error && job.status !== 'cancelled' && <p className="alert error">{job.error}</p>}
    </div>
  );
}

interface TableRow {
  key: string;
  cells: string[];
  row: CompareRow;
}

/** Label column(s), job A, job B and the difference (B − A); rows whose values differ are highlighted. */
function CompareTable(props: {
  label: string;
  first: string;
  second?: string;
  nameA: string;
  nameB: string;
  rows: TableRow[];
  format?: (value: number) => string;
  /** Long tables scroll inside the card; short ones show every row. */
  scroll?: boolean;
  /** No up/down colouring of the difference (durations: noise, not a result). */
  neutral?: boolean;
}) {
  const format = props.format ?? formatNumber;
  return (
    <div className={props.scroll ? 'table-scroll' : 'table-scroll full'}>
      <table className="data compact" aria-label={props.label}>
        <thead>
          <tr>
            <th>{props.first}</th>
            {props.second !== undefined && <th>{props.second}</th>}
            <th className="num">{props.nameA}</th>
            <th className="num">{props.nameB}</th>
            <th className="num">Difference</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map(({ key, cells, row }) => (
            <tr key={key} className={row.differs ? 'differs' : undefined}>
              {cells.map((cell, i) => (
                <td key={i} className={i === 0 && props.second !== undefined ? 'mono' : undefined}>
                  {cell}
                </td>
              ))}
              <td className="num">{row.a === null ? '—' : typeof row.a === 'string' ? row.a : format(row.a)}</td>
              <td className="num">{row.b === null ? '—' : typeof row.b === 'string' ? row.b : format(row.b)}</td>
              <td className={`num${row.diff && !props.neutral ? (row.diff > 0 ? ' diff-up' : ' diff-down') : ''}`}>
                {row.diff === null ? '—' : signed(row.diff, format)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? formatCount(value) : String(Number(value.toFixed(3)));
}

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : formatDuration(ms);
}

function signed(diff: number, format: (value: number) => string): string {
  if (diff === 0) return '0';
  return diff > 0 ? `+${format(diff)}` : `−${format(-diff)}`;
}

/** Reads the walls.json Blob (outside the live query) and counts its hosted doors and windows. */
function useHostedOpenings(artifact: ArtifactRow | null): HostedOpenings | null {
  const [result, setResult] = useState<{ id: number | undefined; value: HostedOpenings | null } | null>(null);
  const id = artifact?.id;
  useEffect(() => {
    if (!artifact) return;
    let cancelled = false;
    artifact.blob
      .text()
      .then((text) => JSON.parse(text) as unknown)
      .then(
        (json) => !cancelled && setResult({ id, value: hostedOpenings(json) }),
        (error: unknown) => {
          if (!cancelled) setResult({ id, value: null });
          console.warn(`walls.json of job could not be read: ${errorMessage(error)}`);
        },
      );
    return () => {
      cancelled = true;
    };
    // The artifact row is re-read on every change of the job; its id says whether it is another file.
  }, [id]);
  return artifact && result !== null && result.id === id ? result.value : null;
}
