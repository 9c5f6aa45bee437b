import { Link } from '@tanstack/react-router';

export function Loading() {
  return (
    <p className="page-state" role="status">
      Loading…
    </p>
  );
}

/** For a link to something deleted since (or in another tab). */
export function Missing({ what }: { what: string }) {
  return (
    <div className="page-state">
      <p role="alert">This {what} is not stored in this browser (it may have been deleted).</p>
      <Link to="/">Back to the drawings</Link>
    </div>
  );
}
