import { Link, Outlet, type ErrorComponentProps } from '@tanstack/react-router';
import { PwaStatus } from './PwaStatus';
import { LaunchedFiles } from './ops/LaunchedFiles';
import './ops/ops.css';
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
        <nav className="main-nav" aria-label="Main">
          <Link to="/" activeOptions={{ exact: true }}>
            Drawings
          </Link>
          <Link to="/settings">Settings</Link>
          <Link to="/diagnostics">Diagnostics</Link>
          <Link to="/about">About</Link>
        </nav>
        <span className="spacer" />
        <PwaStatus />
      </header>
      <LaunchedFiles />
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
