// npm run --silent eval -- <bimjson.json> <truth.json>  → one JSON line of SPEC §8 scores.

import { readFileSync } from 'node:fs';
import { scoreBimJson } from './score.js';

const USAGE = 'usage: npm run --silent eval -- <bimjson.json> <truth.json>';

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not JSON: ${(error as Error).message}`);
  }
}

function main(args: readonly string[]): void {
  if (args.length !== 2) throw new Error(`expected 2 arguments, got ${args.length}; ${USAGE}`);
  const [bimjsonPath, truthPath] = args;
  const scores = scoreBimJson(readJson(bimjsonPath), readJson(truthPath));
  process.stdout.write(`${JSON.stringify(scores)}\n`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  // One line even if a message spans several.
  process.stderr.write(`error: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(2);
}
