import { DrawingImportError } from './errors';

/** Formats recognisable by their first bytes; a drawing export mistaken for one of these is not text. */
const BINARY_SIGNATURES: readonly { bytes: readonly number[]; format: string }[] = [
  { bytes: [0x41, 0x43, 0x31, 0x30], format: 'a DWG drawing' }, // "AC10", e.g. AC1032
  { bytes: [0x50, 0x4b, 0x03, 0x04], format: 'a ZIP archive' },
  { bytes: [0x25, 0x50, 0x44, 0x46], format: 'a PDF document' }, // "%PDF"
  { bytes: [0x1f, 0x8b], format: 'a gzip archive' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], format: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], format: 'a JPEG image' },
];

/** How many leading bytes are inspected to guess the encoding and spot binary data. */
const SAMPLE_BYTES = 64 * 1024;
/** Share of control bytes above which a UTF-8 sample is binary; JSON text has none outside escapes. */
const MAX_CONTROL_SHARE = 0.01;

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';
const ENCODING_LABEL: Readonly<Record<Encoding, string>> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
};

/**
 * Decodes a text file: UTF-8 with or without BOM, UTF-16 LE/BE with BOM, or BOM-less UTF-16 recognised
 * by its NUL bytes. Binary data (known signatures, NULs, many control bytes) is rejected.
 */
export function decodeText(bytes: Uint8Array, fileName: string): string {
  const signature = BINARY_SIGNATURES.find((s) => startsWith(bytes, s.bytes));
  if (signature) {
    throw new DrawingImportError(fileName, 'binary', `the file is ${signature.format}, not a text drawing export`);
  }
  const encoding = detectEncoding(bytes);
  if (encoding === 'utf-8' && looksBinary(bytes.subarray(0, SAMPLE_BYTES))) {
    throw new DrawingImportError(fileName, 'binary', 'the file contains binary data, not text');
  }
  return decodeStrictly(bytes, encoding, fileName);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function detectEncoding(bytes: Uint8Array): Encoding {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (startsWith(bytes, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(bytes, [0xfe, 0xff])) return 'utf-16be';
  return guessBomlessUtf16(bytes.subarray(0, SAMPLE_BYTES)) ?? 'utf-8';
}

/** JSON is mostly ASCII, so UTF-16 text has a NUL in (nearly) every other byte: odd ones for LE, even ones for BE. */
function guessBomlessUtf16(sample: Uint8Array): Encoding | null {
  const pairs = Math.floor(sample.length / 2);
  if (pairs === 0) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (sample[i] === 0) evenNuls++;
    if (sample[i + 1] === 0) oddNuls++;
  }
  const mostly = (count: number) => count >= pairs * 0.7;
  const hardly = (count: number) => count <= pairs * 0.05;
  if (mostly(oddNuls) && hardly(evenNuls)) return 'utf-16le';
  if (mostly(evenNuls) && hardly(oddNuls)) return 'utf-16be';
  return null;
}

function looksBinary(sample: Uint8Array): boolean {
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) controls++;
  }
  return controls > sample.length * MAX_CONTROL_SHARE;
}

function decodeStrictly(bytes: Uint8Array, encoding: Encoding, fileName: string): string {
  try {
    // The decoder drops a leading BOM of its own encoding.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (error) {
    // Invalid byte sequences raise a TypeError; the only other failure is a string beyond the engine's length limit.
    if (error instanceof TypeError) {
      throw new DrawingImportError(fileName, 'encoding', `the file is not valid ${ENCODING_LABEL[encoding]} text; save it as UTF-8`);
    }
    throw new DrawingImportError(fileName, 'too-large', 'the file is too large to be decoded as text in memory');
  }
}
