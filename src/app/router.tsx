import { createHashHistory, createRootRoute, createRoute, createRouter } from '@tanstack/react-router';
import { AppLayout, NotFound, RouteError } from './AppLayout';
import { AboutPage } from './pages/AboutPage';
import { ComparePage } from './pages/ComparePage';
import { DrawingPage } from './pages/DrawingPage';
import { DiagnosticsPage } from './pages/DiagnosticsPage';
import { DrawingsPage } from './pages/DrawingsPage';
import { JobPage } from './pages/JobPage';
import { SettingsPage } from './pages/SettingsPage';

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

/** Two jobs side by side: #/compare?a=<jobId>&b=<jobId>. */
const compareRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/compare',
  validateSearch: (search: Record<string, unknown>): { a: string; b: string } => ({
    a: typeof search.a === 'string' || typeof search.a === 'number' ? String(search.a) : '',
    b: typeof search.b === 'string' || typeof search.b === 'number' ? String(search.b) : '',
  }),
  component: function CompareRoute() {
    const { a, b } = compareRoute.useSearch();
    return <ComparePage key={`${a}|${b}`} a={a} b={b} />;
  },
});

const settingsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/settings', component: SettingsPage });

const aboutRoute = createRoute({ getParentRoute: () => rootRoute, path: '/about', component: AboutPage });

const diagnosticsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/diagnostics', component: DiagnosticsPage });

export const router = createRouter({
  routeTree: rootRoute.addChildren([drawingsRoute, drawingRoute, jobRoute, compareRoute, settingsRoute, diagnosticsRoute, aboutRoute]),
  // Hash URLs: every client route survives a reload on any static host, under any sub-path, with no server rules.
  history: createHashHistory(),
  defaultErrorComponent: RouteError,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
