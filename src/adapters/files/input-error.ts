import type { Problem } from '../../core/index.js';

/** Bad input files: each with its problems. Nothing has been written when this is thrown. */
export class InputError extends Error {
  constructor(
    readonly files: readonly { readonly file: string; readonly problems: readonly Problem[] }[],
    summary: string,
  ) {
    super(summary);
    this.name = 'InputError';
  }
}
