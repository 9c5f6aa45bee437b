import { useId } from 'react';
import type { ArtifactRow } from '../../db/schema';
import { downloadBlob } from '../lib/download';
import { formatBytes } from '../lib/format';

export function ArtifactList({ artifacts }: { artifacts: ArtifactRow[] }) {
  if (artifacts.length === 0) return <p className="empty">Artifacts appear here when the job completes.</p>;
  return (
    <table className="data">
      <thead>
        <tr>
          <th>File</th>
          <th>Step</th>
          <th className="num">Size</th>
          <th>SHA-256</th>
          <th>
            <span className="visually-hidden">Download</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {artifacts.map((artifact) => (
          <ArtifactRowView key={artifact.id} artifact={artifact} />
        ))}
      </tbody>
    </table>
  );
}

function ArtifactRowView({ artifact }: { artifact: ArtifactRow }) {
  const nameId = useId();
  return (
    <tr>
      <td id={nameId} className="mono">
        {artifact.name}
      </td>
      <td className="mono small">{artifact.step}</td>
      <td className="num">{formatBytes(artifact.size)}</td>
      <td className="mono small" title={artifact.sha256}>
        {artifact.sha256.slice(0, 12)}…
      </td>
      <td>
        <button type="button" aria-describedby={nameId} onClick={() => downloadBlob(artifact.blob, artifact.name)}>
          Download
        </button>
      </td>
    </tr>
  );
}
