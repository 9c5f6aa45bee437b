// Wording helpers shared by the structural and the entity-level messages.

const MAX_QUOTED_CHARS = 40;

/** A JSON path like `Layers[3].Lines[7].Start.X`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    text += typeof key === 'number' ? `[${key}]` : text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

/** An untrusted name as a short quoted string, safe to embed in a one-line message. */
export function quoteName(name: string): string {
  const short = name.length > MAX_QUOTED_CHARS ? `${name.slice(0, MAX_QUOTED_CHARS)}…` : name;
  // JSON quoting escapes quotes and line breaks, so the message stays one line.
  return JSON.stringify(short);
}

/** What a JSON value is, for "must be X, but it is Y" messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the text ${quoteName(value)}`;
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
