import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { checkIntegrity, cleanOrphans, orphanCount, type IntegrityReport } from '../../db/integrity';
import { shortId } from '../lib/format';
import { regenerateJob } from './integrityActions';
import { ActionResult, useAction } from './useAction';

function orphanLines(report: IntegrityReport): string[] {
  const lines: [number, string][] = [
    [report.orphanJobIds.length, 'jobs whose drawing is gone'],
    [report.orphanSteps, 'step records whose job is gone'],
    [report.orphanLogs, 'log entries whose job is gone'],
    [report.orphanArtifacts, 'artifacts whose job is gone'],
    [report.orphanLayers, 'layer records whose drawing is gone'],
  ];
  return lines.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
}

/** Finds orphans and damaged artifacts; cleans the former, regenerates the jobs of the latter. */
export function IntegrityPanel() {
  const [report, setReport] = useState<IntegrityReport | null>(null);
  const [regenerated, setRegenerated] = useState<string[]>([]);
  const action = useAction();

  const check = () =>
    action.run(async () => {
      setReport(await checkIntegrity());
    });
  const clean = () =>
    action.run(async () => {
      const deleted = await cleanOrphans();
      setReport(await checkIntegrity());
      return `Deleted ${deleted} orphan records.`;
    });
  const regenerate = (jobId: string) =>
    action.run(async () => {
      const newJobId = await regenerateJob(jobId);
      setRegenerated((ids) => [...ids, newJobId]);
      setReport(await checkIntegrity());
    });

  const brokenJobs = report ? [...new Set(report.brokenArtifacts.map((a) => a.jobId))] : [];
  return (
    <>
      <div className="actions-row">
        <button type="button" disabled={action.busy} onClick={check}>
          Check integrity
        </button>
        {report && orphanCount(report) > 0 && (
          <button type="button" className="danger" disabled={action.busy} onClick={clean}>
            Clean orphans
          </button>
        )}
      </div>
      {report && (
        <div data-testid="integrity-report">
          <p role="status">
            {orphanCount(report) === 0 && report.brokenArtifacts.length === 0
              ? `No problems: no orphan records, and all ${report.checkedArtifacts} artifacts match their size and sha-256.`
              : `Found ${orphanCount(report)} orphan records and ${report.brokenArtifacts.length} damaged artifacts (of ${report.checkedArtifacts}).`}
          </p>
          <ul>
            {orphanLines(report).map((line) => (
              <li key={line}>{line}</li>
            ))}
            {report.brokenArtifacts.map((a) => (
              <li key={a.id}>
                Artifact {a.name} of job {shortId(a.jobId)}: {a.problem}.
              </li>
            ))}
          </ul>
          {brokenJobs.map((jobId) => (
            <div key={jobId} className="actions-row">
              <span>Job {shortId(jobId)} has damaged artifacts.</span>
              <button type="button" disabled={action.busy} onClick={() => regenerate(jobId)}>
                Regenerate job {shortId(jobId)}
              </button>
            </div>
          ))}
        </div>
      )}
      {regenerated.map((jobId) => (
        <p key={jobId} role="status">
          Regenerating as <Link to="/jobs/$jobId" params={{ jobId }}>job {shortId(jobId)}</Link>.
        </p>
      ))}
      <ActionResult outcome={action.outcome} />
    </>
  );
}
