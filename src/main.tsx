import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { markAbandonedJobsInterrupted } from './app/jobs/jobActions';
import { router } from './app/router';
import './app/styles.css';

// Jobs a closed or crashed tab left running are marked before anything could queue new ones.
void markAbandonedJobsInterrupted().catch((error: unknown) => console.error('Could not check for interrupted jobs', error));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
