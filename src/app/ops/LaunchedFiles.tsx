import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { importDrawingFile } from '../drawings/importDrawingFile';
import { errorMessage } from '../lib/format';

/** The File Handling API (installed app opened with files from the OS; manifest `file_handlers`). Chromium only. */
interface LaunchParams {
  files: readonly FileSystemFileHandle[];
}
interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void;
}

function launchQueue(): LaunchQueue | null {
  return (window as { launchQueue?: LaunchQueue }).launchQueue ?? null;
}

/** Imports the files the installed app was opened with, then shows the last one's drawing page. */
export function LaunchedFiles() {
  const navigate = useNavigate();
  const [task, setTask] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);

  useEffect(() => {
    launchQueue()?.setConsumer(async ({ files }) => {
      if (files.length === 0) return;
      const failures: string[] = [];
      let lastDrawingId: string | null = null;
      for (const handle of files) {
        setTask(`Reading “${handle.name}”…`);
        try {
          lastDrawingId = (await importDrawingFile(await handle.getFile())).id;
        } catch (error) {
          failures.push(errorMessage(error));
        }
      }
      setTask(null);
      setErrors(failures);
      if (lastDrawingId) await navigate({ to: '/drawings/$drawingId', params: { drawingId: lastDrawingId } });
    });
  }, [navigate]);

  if (!task && errors.length === 0) return null;
  return (
    <div className="page launched-files">
      {task && (
        <p role="status" className="muted">
          {task}
        </p>
      )}
      {errors.map((error) => (
        <p key={error} role="alert" className="alert error">
          {error}
        </p>
      ))}
    </div>
  );
}
