// ISO 10303-21 (STEP physical file) values and lines, for the IFC export. Values are written as web-ifc 0.0.78
// writes them, so files read the same in every IFC tool that read the web-ifc-written ones.

/**
 * A REAL: the shortest digits that read back as the same double, in the shorter of fixed and exponent form
 * (fixed on a tie; as C++'s std::to_chars chooses), with the decimal point ISO 10303-21 requires ("3000.",
 * "1.E-05"). Integers beyond 2^53 are written with all their digits, as C++ does.
 */
export function stepReal(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`STEP has no real for ${v}`);
  if (v === 0) return Object.is(v, -0) ? '-0.' : '0.';
  const [mantissa, exponentText] = v.toExponential().split('e');
  const sign = v < 0 ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', ''), exponent = Number(exponentText);
  let fixed: string;
  if (exponent >= digits.length - 1) fixed = Math.abs(v) >= 2 ** 53 ? BigInt(Math.abs(v)).toString() : digits + '0'.repeat(exponent - digits.length + 1);
  else if (exponent >= 0) fixed = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  else fixed = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  const power = `E${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  // Compared without the point that a one-digit mantissa gets only for STEP ("1E-05" against "0.00001").
  const scientificLength = digits.length + (digits.length > 1 ? 1 : 0) + power.length;
  if (fixed.length <= scientificLength) return `${sign}${fixed}${fixed.includes('.') ? '' : '.'}`;
  return `${sign}${digits[0]}.${digits.slice(1)}${power}`;
}

const hex = (code: number, width: number) => code.toString(16).toUpperCase().padStart(width, '0');

/**
 * A STRING in quotes: ' doubled, \ doubled, and every run of characters outside printable ASCII as
 * \X2\…\X0\ (UTF-16 code units, four hex digits each), or \X4\…\X0\ for characters beyond the BMP.
 */
export function stepString(text: string): string {
  let out = "'";
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (code >= 32 && code <= 126) {
      out += code === 39 ? "''" : code === 92 ? '\\\\' : text[i];
      i++;
      continue;
    }
    const astral = (text.codePointAt(i) ?? 0) > 0xffff;
    out += astral ? '\\X4\\' : '\\X2\\';
    while (i < text.length) {
      const point = text.codePointAt(i)!;
      if ((point >= 32 && point <= 126) || point > 0xffff !== astral) break;
      out += astral ? hex(point, 8) : hex(point, 4);
      i += astral ? 2 : 1;
    }
    out += '\\X0\\';
  }
  return `${out}'`;
}

export const stepRef = (id: number) => `#${id}`;
export const stepEnum = (value: string) => `.${value}.`;
export const stepList = (items: readonly string[]) => `(${items.join(',')})`;
/** A value of a defined type where a SELECT needs its type named, e.g. IFCIDENTIFIER('…'). */
export const stepTyped = (type: string, value: string) => `${type}(${value})`;
/** An unset optional attribute, and an attribute a subtype derives. */
export const UNSET = '$';
export const DERIVED = '*';

/** The DATA section's lines, numbered from #1 in the order they are added. */
export class StepLines {
  private lines: string[] = [];

  /** Adds `#n=ENTITY(attributes);` and returns n. */
  add(entity: string, ...attributes: string[]): number {
    this.lines.push(`#${this.lines.length + 1}=${entity}(${attributes.join(',')});`);
    return this.lines.length;
  }

  /** The whole file: header, these lines, trailer. */
  file(header: { description: string; name: string; timestamp: string; system: string; schema: string }): string {
    return [
      'ISO-10303-21;',
      'HEADER;',
      `FILE_DESCRIPTION((${stepString(header.description)}),'2;1');`,
      `FILE_NAME(${stepString(header.name)},${stepString(header.timestamp)},(''),(''),${stepString(header.system)},${stepString(header.system)},$);`,
      `FILE_SCHEMA((${stepString(header.schema)}));`,
      'ENDSEC;',
      'DATA;',
      ...this.lines,
      'ENDSEC;',
      'END-ISO-10303-21;',
      '',
    ].join('\n');
  }
}
