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
  | 'unsupported'
  /** The reader itself failed (the DWG worker crashed or ran out of memory), not necessarily the file. */
  | 'reader-crashed';

/**
 * The only error an importer throws for bad input. Its message is one sentence that names the file,
 * the problem and where it is (JSON path, layer), so it can be shown to the user as is.
 */
export class DrawingImportError extends Error {
  override readonly name = 'DrawingImportError';
  /** The message without the leading file name, so the error can be rebuilt on the other side of a worker. */
  readonly problem: string;

  constructor(
    readonly fileName: string,
    readonly failure: ImportFailure,
    problem: string,
  ) {
    super(`${fileName}: ${asSentenceEnd(problem)}`);
    this.problem = problem;
  }
}

function asSentenceEnd(problem: string): string {
  return /[.!?]$/.test(problem) ? problem : `${problem}.`;
}
