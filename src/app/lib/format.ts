/** Display formatting shared by the pages. */
import type { Box2 } from '../../core/model';

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB'] as const;

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${BYTE_UNITS[unit]}`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(time: number): string {
  return dateTime.format(time);
}

/** "850 ms", "12.4 s", "3 min 05 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

// One formatter for every count: toLocaleString() looks the locale's number format up again on each call, and the
// step table formats every metric of every step each time a running job reports progress.
const countFormat = new Intl.NumberFormat();

export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** The first characters of an id, enough to tell jobs apart on screen. */
export function shortId(id: string): string {
  return id.replace(/-/g, '').slice(0, 8);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A job region as the user reads it: "x 124,000 … 130,000, y −1,000 … 12,000 mm (6,000 × 13,000)". */
export function describeRegion(region: Box2, units: string): string {
  const n = (v: number) => Number(v.toPrecision(7)).toLocaleString('en-US', { maximumFractionDigits: 3 }).replace('-', '−');
  return `x ${n(region.minX)} … ${n(region.maxX)}, y ${n(region.minY)} … ${n(region.maxY)} ${units} (${n(region.maxX - region.minX)} × ${n(region.maxY - region.minY)})`;
}
