// Locates the first syntax error in text that JSON.parse rejected. Engines word (and often omit) the position
// differently, so the importer finds it itself. Iterative; only runs on the failure path.

/** Where parsing stands: what the next non-whitespace character may be. */
type Expectation = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'after-value';

/** Thrown by the token scanners with the offset of the offending character. */
class SyntaxErrorAt {
  constructor(readonly offset: number) {}
}

const NUMBER_OR_LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
const ESCAPED = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

/**
 * Offset of the first character where `text` stops being valid JSON; `text.length` when the text ends before
 * the JSON is complete (truncation); null if the text is valid.
 */
export function findSyntaxError(text: string): number | null {
  try {
    scanDocument(text);
    return null;
  } catch (error) {
    if (error instanceof SyntaxErrorAt) return error.offset;
    throw error;
  }
}

function scanDocument(text: string): void {
  const closers: string[] = [];
  let expectation: Expectation = 'value';
  let i = 0;
  for (;;) {
    i = skipWhitespace(text, i);
    if (i >= text.length) {
      if (expectation === 'after-value' && closers.length === 0) return;
      throw new SyntaxErrorAt(text.length);
    }
    const char = text[i];
    if ((expectation === 'value-or-close' && char === ']') || (expectation === 'key-or-close' && char === '}')) {
      closers.pop();
      expectation = 'after-value';
      i++;
      continue;
    }
    switch (expectation) {
      case 'value':
      case 'value-or-close':
        if (char === '{' || char === '[') {
          closers.push(char === '{' ? '}' : ']');
          expectation = char === '{' ? 'key-or-close' : 'value-or-close';
          i++;
        } else {
          i = char === '"' ? scanString(text, i) : scanNumberOrLiteral(text, i);
          expectation = 'after-value';
        }
        break;
      case 'key':
      case 'key-or-close':
        if (char !== '"') throw new SyntaxErrorAt(i);
        i = scanString(text, i);
        expectation = 'colon';
        break;
      case 'colon':
        if (char !== ':') throw new SyntaxErrorAt(i);
        expectation = 'value';
        i++;
        break;
      case 'after-value': {
        const closer = closers[closers.length - 1];
        if (char === ',' && closer !== undefined) {
          expectation = closer === '}' ? 'key' : 'value';
        } else if (char === closer) {
          closers.pop();
        } else {
          throw new SyntaxErrorAt(i);
        }
        i++;
        break;
      }
    }
  }
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

/** Offset just past the string that opens at `quote`. */
function scanString(text: string, quote: number): number {
  for (let i = quote + 1; i < text.length; i++) {
    const char = text[i];
    if (char === '"') return i + 1;
    if (char < ' ') throw new SyntaxErrorAt(i);
    if (char === '\\') {
      const escaped = text[i + 1];
      if (escaped === undefined) break;
      if (escaped === 'u' ? !HEX4.test(text.slice(i + 2, i + 6)) : !ESCAPED.has(escaped)) {
        throw new SyntaxErrorAt(i + 6 > text.length ? text.length : i);
      }
      i += escaped === 'u' ? 5 : 1;
    }
  }
  throw new SyntaxErrorAt(text.length);
}

function scanNumberOrLiteral(text: string, start: number): number {
  NUMBER_OR_LITERAL.lastIndex = start;
  if (!NUMBER_OR_LITERAL.test(text)) throw new SyntaxErrorAt(start);
  return NUMBER_OR_LITERAL.lastIndex;
}
