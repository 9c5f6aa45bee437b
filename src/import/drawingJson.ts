import { z } from 'zod';
import type { Drawing } from '../core/model';
import { decodeText } from './decodeText';
import { describeValue, formatPath, quoteName } from './describe';
import { EntityProblem, readBlock, readLine, readPolyline } from './entities';
import { DrawingImportError } from './errors';
import { parseJsonText } from './jsonText';
import { emptyLayerDraft, finishLayer, type LayerDraft } from './layerDraft';

// The structure zod checks; entities stay `unknown` here and are read one by one (see entities.ts).
// A bare Array.isArray check: z.array(z.unknown()) would push every entity through a parser for nothing.
const EntityListSchema = z.custom<unknown[]>(Array.isArray, { params: { expected: 'array' } }).nullish();
const LayerSchema = z.object({
  LayerName: z.string(),
  Lines: EntityListSchema,
  Polylines: EntityListSchema,
  Blocks: EntityListSchema,
});
const DrawingJsonSchema = z.object({ Layers: z.array(LayerSchema) });

type LayerJson = z.infer<typeof LayerSchema>;
type JsonPath = readonly PropertyKey[];

/** Parses a drawing JSON export (SPEC §2.1). Structural errors throw DrawingImportError; bad entities become warnings. */
export function parseDrawingJson(input: Uint8Array | string, fileName: string): Drawing {
  const text = typeof input === 'string' ? withoutBom(input) : decodeText(input, fileName);
  const json = parseJsonText(text, fileName);
  const result = DrawingJsonSchema.safeParse(json);
  if (!result.success) {
    throw new DrawingImportError(fileName, 'structure', describeStructureIssue(json, result.error.issues[0]));
  }
  return assembleDrawing(result.data.Layers, fileName);
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describeStructureIssue(json: unknown, issue: z.core.$ZodIssue): string {
  const where = issue.path.length === 0 ? 'the top level' : `${formatPath(issue.path)}${layerContext(json, issue.path)}`;
  const expectedType = expectedTypeOf(issue);
  if (expectedType === null) return `${where} is invalid (${issue.message})`;
  const actual = valueAt(json, issue.path);
  if (actual === undefined) return `${where} is missing`;
  const expected = issue.path.length === 0 ? 'a JSON object with a "Layers" array' : `${article(expectedType)} ${expectedType}`;
  return `${where} must be ${expected}, but it is ${describeValue(actual)}`;
}

function expectedTypeOf(issue: z.core.$ZodIssue): string | null {
  if (issue.code === 'invalid_type') return issue.expected;
  if (issue.code === 'custom' && typeof issue.params?.expected === 'string') return issue.params.expected;
  return null;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

/** ` of layer "A-WALL"` for a path inside a layer that has a readable name. */
function layerContext(json: unknown, path: JsonPath): string {
  if (path.length < 3 || path[0] !== 'Layers') return '';
  const name = valueAt(json, [...path.slice(0, 2), 'LayerName']);
  return typeof name === 'string' ? ` of layer ${quoteName(name)}` : '';
}

/** The value at a path, following own properties only (a path step like `constructor` must not reach a prototype). */
function valueAt(json: unknown, path: JsonPath): unknown {
  let value = json;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function assembleDrawing(layersJson: LayerJson[], fileName: string): Drawing {
  // Layer names are untrusted, so they key a Map; duplicates in one file are merged into one layer.
  const assemblies = new Map<string, LayerAssembly>();
  layersJson.forEach((layerJson, index) => {
    let assembly = assemblies.get(layerJson.LayerName);
    if (!assembly) {
      assembly = new LayerAssembly(layerJson.LayerName);
      assemblies.set(layerJson.LayerName, assembly);
    }
    assembly.add(layerJson, index);
  });
  const layers = [...assemblies.values()];
  const warnings = layers.flatMap((assembly) => assembly.warnings());
  if (layers.length === 0) warnings.push('The drawing has no layers.');
  return { fileName, declaredUnits: null, layers: layers.map((assembly) => finishLayer(assembly.layer)), warnings };
}

type EntityNoun = 'lines' | 'polylines' | 'blocks';

/** A hostile file may repeat a layer name thousands of times; the merge warning names only the first few. */
const MAX_LISTED_SOURCES = 5;

/** One layer being built from one or more `Layers[i]` entries, with what was skipped and why. */
class LayerAssembly {
  readonly layer: LayerDraft;
  private readonly sourceIndices: number[] = [];
  private readonly tallies = new Map<EntityNoun, { read: number; skipped: number }>();
  private firstProblem: string | null = null;

  constructor(name: string) {
    this.layer = emptyLayerDraft(name);
  }

  add(layerJson: LayerJson, index: number): void {
    this.sourceIndices.push(index);
    const { lines, polylines, blocks } = this.layer;
    this.collect('lines', layerJson.Lines, readLine, (l) => lines.add(l.start, l.end), ['Layers', index, 'Lines']);
    this.collect('polylines', layerJson.Polylines, readPolyline, (p) => polylines.add(p.vertices, p.closed), ['Layers', index, 'Polylines']);
    this.collect('blocks', layerJson.Blocks, readBlock, (b) => blocks.push(b), ['Layers', index, 'Blocks']);
  }

  private collect<T>(
    noun: EntityNoun,
    items: unknown[] | null | undefined,
    read: (value: unknown) => T,
    add: (item: T) => void,
    listPath: JsonPath,
  ): void {
    if (!items) return;
    const tally = this.tallies.get(noun) ?? { read: 0, skipped: 0 };
    this.tallies.set(noun, tally);
    tally.read += items.length;
    for (let i = 0; i < items.length; i++) {
      try {
        add(read(items[i]));
      } catch (error) {
        if (!(error instanceof EntityProblem)) throw error;
        tally.skipped++;
        this.layer.skipped++;
        this.firstProblem ??= `${formatPath([...listPath, i, ...error.path])} ${error.problem}`;
      }
    }
  }

  warnings(): string[] {
    const warnings: string[] = [];
    const label = `Layer ${quoteName(this.layer.name)}`;
    if (this.sourceIndices.length > 1) {
      const shown = this.sourceIndices.slice(0, MAX_LISTED_SOURCES).map((index) => `Layers[${index}]`);
      const sources = shown.join(', ') + (this.sourceIndices.length > shown.length ? ', …' : '');
      warnings.push(`${label} appears ${this.sourceIndices.length} times (${sources}); their entities were merged.`);
    }
    if (this.layer.skipped > 0) {
      const counts = [...this.tallies]
        .filter(([, tally]) => tally.skipped > 0)
        .map(([noun, tally]) => `${tally.skipped} of ${tally.read} ${noun}`);
      warnings.push(`${label}: skipped ${joinWithAnd(counts)}; first problem: ${this.firstProblem}.`);
    }
    return warnings;
  }
}

function joinWithAnd(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
