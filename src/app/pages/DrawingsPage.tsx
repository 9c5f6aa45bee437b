import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { listDrawingSummaries } from '../../db/drawings';
import { DrawingList } from '../components/DrawingList';
import { Loading } from '../components/PageState';
import { UploadControl } from '../components/UploadControl';
import { importDrawingFile } from '../drawings/importDrawingFile';
import { loadSampleDrawing, SAMPLE_FILE_NAME } from '../drawings/sampleDrawing';
import { errorMessage } from '../lib/format';
import { useFileDrop } from '../lib/useFileDrop';
import { useLiveQuery } from '../lib/useLiveQuery';

/** Home: add a drawing (picker, drop anywhere on the page, or the sample) and the drawings stored so far. */
export function DrawingsPage() {
  const drawings = useLiveQuery(listDrawingSummaries, []);
  const navigate = useNavigate();
  const [task, setTask] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function addDrawing(fileName: string, getFile: () => Promise<File>) {
    setError(null);
    setTask(`Reading “${fileName}”…`);
    try {
      const { id } = await importDrawingFile(await getFile());
      await navigate({ to: '/drawings/$drawingId', params: { drawingId: id } });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setTask(null);
    }
  }

  const addFile = (file: File) => addDrawing(file.name, async () => file);
  const drop = useFileDrop(addFile, task === null);

  return (
    <main className={`page drop-area${drop.dragging ? ' dragging' : ''}`} {...drop.handlers}>
      <section className="hero card">
        <h1>Drawings</h1>
        <p>
          Add a 2D floor plan — DWG, DXF or the AutoCAD JSON export — pick it or drop it anywhere on this page. It is read,
          processed and stored in this browser only; nothing is uploaded.
        </p>
        <div className="actions-row">
          <UploadControl onFile={addFile} disabled={task !== null} />
          <button type="button" disabled={task !== null} onClick={() => addDrawing(SAMPLE_FILE_NAME, loadSampleDrawing)}>
            Try a sample
          </button>
          {task && (
            <span role="status" className="muted">
              {task}
            </span>
          )}
        </div>
        {error && (
          <p role="alert" className="alert error">
            {error}
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="stored-title">
        <h2 id="stored-title">Stored drawings</h2>
        {drawings === undefined ? <Loading /> : <DrawingList drawings={drawings} />}
      </section>
      {drop.dragging && (
        <div className="drop-hint" aria-hidden="true">
          Drop the drawing to add it
        </div>
      )}
    </main>
  );
}
