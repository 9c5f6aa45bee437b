// The lowest DXF layer: (group code, value) tags from ASCII or binary DXF, with text decoding. Every value is a
// string, as in an ASCII file, so the rest of the importer reads both flavours the same way.

import { DrawingImportError } from './errors';

export interface DxfTags {
  codes: number[];
  values: string[];
  /** Where each tag starts, for messages: the line of its group code (ASCII) or its byte offset (binary). */
  positions: number[];
  binary: boolean;
  /** Set when reading stopped early at a damaged spot: its line (ASCII) or byte offset (binary). */
  damagedAt: number | null;
}

const BINARY_SENTINEL = 'AutoCAD Binary DXF\r\n\x1a\0';
const SAMPLE_BYTES = 64 * 1024;
const COMMENT = 999;

/** DWG files start with their version, e.g. AC1032; R1.x–R2.x ones with AC1.x/AC2.x or MC0.0. */
export function looksLikeDwg(bytes: Uint8Array): boolean {
  if (bytes.length < 6) return false;
  const head = String.fromCharCode(...bytes.subarray(0, 6));
  return /^AC1\d{3}$/.test(head) || /^AC[12]\.\d{2}$/.test(head) || head === 'MC0.0\0';
}

export function isBinaryDxf(bytes: Uint8Array): boolean {
  if (bytes.length < BINARY_SENTINEL.length) return false;
  for (let i = 0; i < BINARY_SENTINEL.length; i++) if (bytes[i] !== BINARY_SENTINEL.charCodeAt(i)) return false;
  return true;
}

/** Reads every tag of an ASCII or binary DXF file. Comments (999) are dropped. */
export function readDxfTags(bytes: Uint8Array, fileName: string): DxfTags {
  if (isBinaryDxf(bytes)) return readBinaryTags(bytes, fileName);
  if (looksLikeDwg(bytes)) {
    throw new DrawingImportError(fileName, 'unsupported', 'the file is a DWG drawing, not a DXF; open it as a .dwg file');
  }
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  if (sample.includes(0)) {
    throw new DrawingImportError(
      fileName,
      'unsupported',
      'the file is not a DXF drawing: it contains binary data but not the binary DXF signature',
    );
  }
  return readAsciiTags(decodeDxfText(bytes), fileName);
}

function readAsciiTags(text: string, fileName: string): DxfTags {
  const lines = text.split(/\r\n|\r|\n/);
  // A final line break leaves one empty string behind.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.every((line) => line.trim() === '')) throw new DrawingImportError(fileName, 'empty', 'the file is empty');
  const tags: DxfTags = { codes: [], values: [], positions: [], binary: false, damagedAt: null };
  let i = 0;
  // Leading blank lines occur in hand-edited files.
  while (i < lines.length && lines[i].trim() === '') i++;
  for (; i + 1 < lines.length; i += 2) {
    const codeText = lines[i].trim();
    if (!/^-?\d{1,6}$/.test(codeText)) {
      if (tags.codes.length === 0) {
        throw new DrawingImportError(
          fileName,
          'unsupported',
          `the file is not a DXF drawing: it does not start with a DXF group code (line ${i + 1} is ${quoteExcerpt(lines[i])})`,
        );
      }
      tags.damagedAt = i + 1;
      break;
    }
    const code = Number(codeText);
    if (code === COMMENT) continue;
    tags.codes.push(code);
    // Structure markers and entity types are upper case by the reference; a lax writer's lower case is accepted.
    tags.values.push(code === 0 ? lines[i + 1].trim().toUpperCase() : lines[i + 1].trim());
    tags.positions.push(i + 1);
  }
  return tags;
}

function quoteExcerpt(line: string): string {
  const short = line.length > 20 ? `${line.slice(0, 20)}…` : line;
  return JSON.stringify(short);
}

// ---------------------------------------------------------------------------------------------------------------
// Text decoding. AutoCAD 2007+ (AC1021+) writes UTF-8; older files use the code page named by $DWGCODEPAGE.
// UTF-8 is tried first in every case (most writers use it); invalid UTF-8 falls back to the code page.

const CODE_PAGES = new Map<string, string>([
  ['ANSI_874', 'windows-874'],
  ['ANSI_932', 'shift_jis'],
  ['DOS932', 'shift_jis'],
  ['ANSI_936', 'gbk'],
  ['ANSI_949', 'euc-kr'],
  ['ANSI_950', 'big5'],
  ['ANSI_1250', 'windows-1250'],
  ['ANSI_1251', 'windows-1251'],
  ['ANSI_1252', 'windows-1252'],
  ['ANSI_1253', 'windows-1253'],
  ['ANSI_1254', 'windows-1254'],
  ['ANSI_1255', 'windows-1255'],
  ['ANSI_1256', 'windows-1256'],
  ['ANSI_1257', 'windows-1257'],
  ['ANSI_1258', 'windows-1258'],
  ['ISO8859-1', 'iso-8859-1'],
  ['ISO8859-2', 'iso-8859-2'],
  ['ISO8859-5', 'iso-8859-5'],
  ['ISO8859-7', 'iso-8859-7'],
  ['ISO8859-8', 'iso-8859-8'],
  ['ISO8859-9', 'iso-8859-9'],
]);

export function codePageDecoder(codePage: string | null): TextDecoder {
  const label = (codePage && CODE_PAGES.get(codePage.trim().toUpperCase())) ?? 'windows-1252';
  try {
    return new TextDecoder(label);
  } catch {
    return new TextDecoder('windows-1252');
  }
}

function decodeDxfText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, SAMPLE_BYTES));
    const codePage = /\$DWGCODEPAGE[ \t]*\r?\n[ \t]*3[ \t]*\r?\n[ \t]*(\S+)/.exec(head)?.[1] ?? null;
    return codePageDecoder(codePage).decode(bytes);
  }
}

/** AutoCAD escapes non-ASCII characters of names in pre-2007 files as \U+XXXX. */
export function unescapeDxfText(text: string): string {
  return text.includes('\\U+') || text.includes('\\u+')
    ? text.replace(/\\[Uu]\+([0-9A-Fa-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : text;
}

// ---------------------------------------------------------------------------------------------------------------
// Binary DXF: the sentinel, then tags of a group code (2 bytes little-endian from R13 on, 1 byte before, with 255
// escaping a 2-byte code) and a value whose type follows from the code (DXF reference, "group code value types").

type BinaryType = 'string' | 'double' | 'int16' | 'int32' | 'int64' | 'bool' | 'chunk';

function inRange(code: number, from: number, to: number): boolean {
  return code >= from && code <= to;
}

export function binaryValueType(code: number): BinaryType {
  if (inRange(code, 10, 59) || inRange(code, 110, 149) || inRange(code, 210, 239) || inRange(code, 460, 469) || inRange(code, 1010, 1059)) {
    return 'double';
  }
  if (inRange(code, 60, 79) || inRange(code, 170, 179) || inRange(code, 270, 289) || inRange(code, 370, 389) || inRange(code, 400, 409) || inRange(code, 1060, 1070)) {
    return 'int16';
  }
  if (inRange(code, 90, 99) || inRange(code, 420, 429) || inRange(code, 440, 459) || code === 1071) return 'int32';
  if (inRange(code, 160, 169)) return 'int64';
  if (inRange(code, 290, 299)) return 'bool';
  if (inRange(code, 310, 319) || code === 1004) return 'chunk';
  return 'string';
}

function readBinaryTags(bytes: Uint8Array, fileName: string): DxfTags {
  const tags: DxfTags = { codes: [], values: [], positions: [], binary: true, damagedAt: null };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let index = BINARY_SENTINEL.length;
  if (index >= bytes.length) throw new DrawingImportError(fileName, 'empty', 'the binary DXF file holds no data');
  // The first tag is (0, "SECTION"): its code's second byte is 0 with 2-byte codes, 'S' with 1-byte codes (R12).
  const wideCodes = bytes[index + 1] === 0;
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let legacy = codePageDecoder(null);
  let lastWasCodePage = false;
  const decodeString = (from: number, to: number) => {
    const raw = bytes.subarray(from, to);
    try {
      return utf8.decode(raw);
    } catch {
      return legacy.decode(raw);
    }
  };
  while (index < bytes.length) {
    const start = index;
    let code: number;
    if (wideCodes) {
      if (index + 2 > bytes.length) break;
      code = view.getInt16(index, true);
      index += 2;
    } else {
      code = bytes[index++];
      if (code === 255) {
        if (index + 2 > bytes.length) break;
        code = view.getInt16(index, true);
        index += 2;
      }
    }
    let value: string;
    const type = binaryValueType(code);
    const need = { double: 8, int16: 2, int32: 4, int64: 8, bool: 1, chunk: 1, string: 0 }[type];
    if (index + need > bytes.length) {
      tags.damagedAt = start;
      break;
    }
    switch (type) {
      case 'double':
        value = String(view.getFloat64(index, true));
        index += 8;
        break;
      case 'int16':
        value = String(view.getInt16(index, true));
        index += 2;
        break;
      case 'int32':
        value = String(view.getInt32(index, true));
        index += 4;
        break;
      case 'int64':
        value = String(view.getBigInt64(index, true));
        index += 8;
        break;
      case 'bool':
        value = String(bytes[index]);
        index += 1;
        break;
      case 'chunk': {
        const length = bytes[index++];
        if (index + length > bytes.length) {
          tags.damagedAt = start;
          index = bytes.length;
          continue;
        }
        value = Array.from(bytes.subarray(index, index + length), (b) => b.toString(16).padStart(2, '0')).join('');
        index += length;
        break;
      }
      default: {
        const end = bytes.indexOf(0, index);
        if (end === -1) {
          tags.damagedAt = start;
          index = bytes.length;
          continue;
        }
        value = decodeString(index, end);
        index = end + 1;
      }
    }
    if (code === COMMENT) continue;
    // $DWGCODEPAGE's value decides how later non-UTF-8 strings read.
    if (lastWasCodePage && code === 3) legacy = codePageDecoder(value);
    lastWasCodePage = code === 9 && value === '$DWGCODEPAGE';
    tags.codes.push(code);
    tags.values.push(code === 0 ? value.trim().toUpperCase() : type === 'string' ? value.trim() : value);
    tags.positions.push(start);
  }
  return tags;
}
