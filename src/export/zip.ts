// "Download all" (SPEC §5): every artifact and export of a job in one .zip, built in memory with fflate.
import { zipSync, type Zippable } from 'fflate';

export interface ZipEntry {
  /** Path inside the archive ('/' separated). */
  name: string;
  data: string | Uint8Array;
}

export interface ZipOptions {
  /** Modification time stored for every entry (default: now). Pass a fixed date for reproducible archives. */
  mtime?: Date;
}

/** Already-compressed formats are stored, everything else deflated. */
const STORED = /\.(zip|png|jpe?g|gif|webp|gz|br|zst|dwg)$/i;

/**
 * A zip of the given files. Names are made safe (no absolute paths, no '..', no backslashes or control
 * characters) and unique (a " (2)" suffix before the extension).
 */
export function zipFiles(entries: readonly ZipEntry[], options: ZipOptions = {}): Uint8Array {
  const mtime = options.mtime ?? new Date();
  const files: Zippable = {};
  const used = new Set<string>();
  const encoder = new TextEncoder();
  for (const e of entries) {
    const name = uniqueName(safeName(e.name), used);
    const data = typeof e.data === 'string' ? encoder.encode(e.data) : e.data;
    files[name] = [data, { level: STORED.test(name) ? 0 : 6, mtime }];
  }
  return zipSync(files);
}

export function safeName(name: string): string {
  const parts = name
    .replace(/\\/g, '/')
    .split('/')
    .map((p) => p.replace(/[\u0000-\u001F\u007F:*?"<>|]/g, '_').trim())
    .filter((p) => p !== '' && p !== '.' && p !== '..');
  return parts.join('/') || 'file';
}

function uniqueName(name: string, used: Set<string>): string {
  let out = name;
  const dot = name.lastIndexOf('.');
  const slash = name.lastIndexOf('/');
  const [stem, ext] = dot > slash + 1 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let i = 2; used.has(out.toLowerCase()); i++) out = `${stem} (${i})${ext}`;
  used.add(out.toLowerCase());
  return out;
}
