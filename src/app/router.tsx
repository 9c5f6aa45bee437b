import { createHashHistory, createRootRoute, createRoute, createRouter } from '@tanstack/react-router';
import { AppLayout, NotFound, RouteError } from './AppLayout';
import { DrawingPage } from './pages/DrawingPage';
import { DrawingsPage } from './pages/DrawingsPage';
import { JobPage } from './pages/JobPage';

const rootRoute = createRootRoute({ component: AppLayout, notFoundComponent: NotFound });

const drawingsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: DrawingsPage });

const drawingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/drawings/$drawingId',
  component: function DrawingRoute() {
    const { drawingId } = drawingRoute.useParams();
    return <DrawingPage key={drawingId} drawingId={drawingId} />;
  },
});

const jobRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/jobs/$jobId',
  component: function JobRoute() {
    const { jobId } = jobRoute.useParams();
    return <JobPage key={jobId} jobId={jobId} />;
  },
});

export const router = createRouter({
  routeTree: rootRoute.addChildren([drawingsRoute, drawingRoute, jobRoute]),
  // Hash URLs: every client route survives a reload on any static host, under any sub-path, with no server rules.
  history: createHashHistory(),
  defaultErrorComponent: RouteError,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
