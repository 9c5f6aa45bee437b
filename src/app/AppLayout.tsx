import { Link, Outlet, type ErrorComponentProps } from '@tanstack/react-router';
import { PwaStatus } from './PwaStatus';
import { errorMessage } from './lib/format';

export function AppLayout() {
  return (
    <div className="app">
      <header className="app-header">
        <Link to="/" className="brand">
          <img src="favicon.svg" alt="" width={28} height={28} />
          <span>BimBot AI Wall</span>
        </Link>
        <span className="tagline">BIM walls from 2D plans — processed on this computer</span>
        <span className="spacer" />
        <PwaStatus />
      </header>
      <Outlet />
    </div>
  );
}

export function RouteError({ error, reset }: ErrorComponentProps) {
  return (
    <main className="page">
      <div className="card">
        <h1>Something went wrong</h1>
        <p role="alert" className="alert error">
          {errorMessage(error)}
        </p>
        <div className="actions-row">
          <button type="button" onClick={reset}>
            Try again
          </button>
          <Link to="/">Back to the drawings</Link>
        </div>
      </div>
    </main>
  );
}

export function NotFound() {
  return (
    <main className="page">
      <div className="card">
        <h1>Page not found</h1>
        <Link to="/">Back to the drawings</Link>
      </div>
    </main>
  );
}
