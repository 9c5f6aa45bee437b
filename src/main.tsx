import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { markAbandonedJobsInterrupted } from './app/jobs/jobActions';
import { router } from './app/router';
import { prepareGlCanvas } from './app/viewer/glRenderer';
import { prepareRenderWorker } from './app/viewer/workerRenderer';
import './app/styles.css';

// Jobs a closed or crashed tab left running are marked before anything could queue new ones.
void markAbandonedJobsInterrupted().catch((error: unknown) => console.error('Could not check for interrupted jobs', error));

// Every drawing and job page shows a plan: its WebGL context is made once, before a job competes for the CPU, in the
// render worker where the browser has OffscreenCanvas, else on the page.
if (!prepareRenderWorker()) prepareGlCanvas();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
