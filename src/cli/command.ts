/** What every CLI command provides. */
export interface Command {
  /** e.g. "rubric lint" */
  readonly name: string;
  readonly summary: string;
  /** Full help text, printed for --help. */
  readonly help: string;
  /** Returns the process exit code. */
  run(argv: readonly string[]): number | Promise<number>;
}

/** Misuse of the command line (unknown option, missing argument): exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
