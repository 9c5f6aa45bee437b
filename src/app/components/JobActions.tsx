import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { ArtifactRow, JobRecord } from '../../db/schema';
import { BIMJSON_ARTIFACT } from '../../../workers/artifacts';
import { EXPORT_NAMES } from '../../export/names';
import { cancelJob, rerunJob, resumeJob } from '../jobs/jobActions';
import { toolsWorker } from '../jobs/pipelineWorker';
import { downloadBlob } from '../lib/download';
import { errorMessage, shortId } from '../lib/format';

const EXPORT_LABELS: readonly [string, string][] = [
  [EXPORT_NAMES.ifc, 'Download IFC'],
  [EXPORT_NAMES.dxf, 'Download DXF'],
  [EXPORT_NAMES.svg, 'Download SVG'],
];

export function JobActions({ job, artifacts }: { job: JobRecord; artifacts: ArtifactRow[] }) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const active = job.status === 'pending' || job.status === 'running';
  const bimjson = artifacts.find((artifact) => artifact.name === BIMJSON_ARTIFACT);
  const exports = EXPORT_LABELS.map(([name, label]) => ({ name, label, artifact: artifacts.find((a) => a.name === name) }));

  async function act(action: () => Promise<void>) {
    setError(null);
    setBusy(true);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const downloadAll = () =>
    act(async () => {
      const entries = artifacts.map((artifact) => ({ name: artifact.name, blob: artifact.blob }));
      const zip = await toolsWorker().call((api) => api.zip(entries));
      downloadBlob(zip, `bimbot-job-${shortId(job.id)}.zip`);
    });

  const rerun = () =>
    act(async () => {
      const jobId = await rerunJob(job);
      await navigate({ to: '/jobs/$jobId', params: { jobId } });
    });

  return (
    <div className="job-actions">
      <div className="actions-row">
        {active && (
          <button type="button" className="danger" disabled={busy} onClick={() => act(() => cancelJob(job.id))}>
            Cancel
          </button>
        )}
        {job.status === 'interrupted' && (
          <button type="button" disabled={busy} onClick={() => act(() => resumeJob(job.id))}>
            Resume
          </button>
        )}
        {!active && (
          <button type="button" disabled={busy} onClick={rerun}>
            Re-run
          </button>
        )}
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          disabled={!bimjson}
          onClick={() => bimjson && downloadBlob(bimjson.blob, BIMJSON_ARTIFACT)}
        >
          Download BIMJSON
        </button>
        {exports.map(({ name, label, artifact }) => (
          <button key={name} type="button" disabled={!artifact} onClick={() => artifact && downloadBlob(artifact.blob, name)}>
            {label}
          </button>
        ))}
        <button type="button" disabled={busy || artifacts.length === 0} onClick={downloadAll}>
          Download all (.zip)
        </button>
      </div>
      {error && (
        <p role="alert" className="alert error">
          {error}
        </p>
      )}
    </div>
  );
}
