import { quoteName } from './describe';
import { DrawingImportError } from './errors';
import { findSyntaxError } from './jsonSyntax';

/** Far deeper than any drawing export (about 7 levels); deeper input is hostile or broken. */
export const MAX_NESTING_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** How much of the text at a syntax error is quoted in the message. */
const EXCERPT_CHARS = 12;

/**
 * JSON.parse with one-sentence errors: empty input, nesting beyond MAX_NESTING_DEPTH (found by a flat scan
 * before parsing, so neither a parser nor anything downstream recurses that deep), truncation, and syntax
 * errors with their line and column.
 */
export function parseJsonText(text: string, fileName: string): unknown {
  if (isBlank(text)) throw new DrawingImportError(fileName, 'empty', 'the file is empty');
  const tooDeepAt = findExcessiveNesting(text);
  if (tooDeepAt !== null) {
    throw new DrawingImportError(
      fileName,
      'too-deep',
      `the JSON is nested more than ${MAX_NESTING_DEPTH} levels deep at ${describeOffset(text, tooDeepAt)}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw syntaxError(text, fileName, error);
  }
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return false;
  }
  return true;
}

/** Offset of the first bracket that opens level MAX_NESTING_DEPTH + 1, or null. Brackets inside strings do not count. */
function findExcessiveNesting(text: string): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > MAX_NESTING_DEPTH) return i;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
    }
  }
  return null;
}

function syntaxError(text: string, fileName: string, parseError: unknown): DrawingImportError {
  const offset = findSyntaxError(text);
  if (offset === text.length) {
    return new DrawingImportError(fileName, 'truncated', 'the JSON ends unexpectedly, so the file looks truncated');
  }
  // Only if the locator disagrees with JSON.parse (it should not): fall back to the engine's own words.
  const where =
    offset === null
      ? `(${parseError instanceof Error ? parseError.message : String(parseError)})`
      : `at ${describeOffset(text, offset)}, near ${quoteName(excerptAt(text, offset))}`;
  return new DrawingImportError(fileName, 'not-json', `the file is not valid JSON: syntax error ${where}`);
}

/** A few characters from offset, up to the end of their line. */
function excerptAt(text: string, offset: number): string {
  return text.slice(offset, offset + EXCERPT_CHARS).split('\n')[0];
}

function describeOffset(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let newline = text.indexOf('\n'); newline !== -1 && newline < offset; newline = text.indexOf('\n', newline + 1)) {
    line++;
    lineStart = newline + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}
