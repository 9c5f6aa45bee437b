/** What kind of problem stopped an import; lets the UI and CLI react without parsing the message. */
export type ImportFailure =
  | 'too-large'
  | 'empty'
  | 'binary'
  | 'encoding'
  | 'not-json'
  | 'truncated'
  | 'too-deep'
  | 'structure'
  | 'unsupported';

/**
 * The only error an importer throws for bad input. Its message is one sentence that names the file,
 * the problem and where it is (JSON path, layer), so it can be shown to the user as is.
 */
export class DrawingImportError extends Error {
  override readonly name = 'DrawingImportError';

  constructor(
    readonly fileName: string,
    readonly failure: ImportFailure,
    problem: string,
  ) {
    super(`${fileName}: ${asSentenceEnd(problem)}`);
  }
}

function asSentenceEnd(problem: string): string {
  return /[.!?]$/.test(problem) ? problem : `${problem}.`;
}
