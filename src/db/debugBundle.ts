/**
 * The debug bundle (SPEC §6): what someone helping with a problem needs — logs, job and step records, the
 * environment — and none of the user's drawings unless they ask for them to be included.
 */
import type { ArchiveFile } from './backup';
import { db } from './schema';

const json = (name: string, value: unknown): ArchiveFile => ({
  name,
  blob: new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }),
});

/** `environment` is gathered by the page (browser, storage estimate, versions, settings, worker pool). */
export async function createDebugBundle(environment: unknown, includeDrawings: boolean): Promise<ArchiveFile[]> {
  return db.transaction('r', [db.drawings, db.layers, db.jobs, db.steps, db.logs, db.artifacts], async () => {
    const drawings = await db.drawings.toArray();
    const artifacts = await db.artifacts.toArray();
    const files = [
      json('environment.json', environment),
      json('jobs.json', await db.jobs.toArray()),
      json('steps.json', await db.steps.toArray()),
      json('logs.json', await db.logs.toArray()),
      // Sizes and hashes tell whether something is damaged without showing what it is.
      json(
        'artifacts.json',
        artifacts.map(({ blob: _blob, name, ...meta }) => (includeDrawings ? { ...meta, name } : meta)),
      ),
      json(
        'drawings.json',
        drawings.map(({ file: _file, name, suggestedLayers, warnings, ...meta }) =>
          includeDrawings ? { ...meta, name, suggestedLayers, warnings } : meta,
        ),
      ),
    ];
    if (!includeDrawings) return files;
    return [
      ...files,
      json('layers.json', await db.layers.toArray()),
      ...drawings.map((d) => ({ name: `drawings/${d.id}/${d.name}`, blob: d.file })),
      ...artifacts.map((a) => ({ name: `artifacts/${a.jobId}/${a.name}`, blob: a.blob })),
    ];
  });
}
