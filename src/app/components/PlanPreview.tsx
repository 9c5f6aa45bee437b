import { useEffect, useState } from 'react';
import type { ArtifactRow } from '../../db/schema';
import { EXPORT_NAMES } from '../../export/names';

/** The result as a picture: the job's plan.svg shown as an image (never inlined, so drawing text stays inert). */
export function PlanPreview({ artifacts }: { artifacts: ArtifactRow[] }) {
  const svg = artifacts.find((a) => a.name === EXPORT_NAMES.svg);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!svg) return undefined;
    const objectUrl = URL.createObjectURL(svg.blob);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [svg]);
  if (!svg || !url) return null;
  return (
    <section className="card" aria-labelledby="plan-title">
      <h2 id="plan-title">Plan</h2>
      <img className="plan-preview" src={url} alt="Plan of the detected walls, doors and windows" />
    </section>
  );
}
