/**
 * Errors are data with stable English codes and a message a user reads (Chinese).
 * `path` locates the problem in the document it came from, JSONPath style:
 * `$.sections[0].indicators[1].checkpoints[2].rule.if[1]`.
 */

export type KaoheErrorCode =
  | 'json_invalid'
  | 'schema_invalid'
  | 'rubric_duplicate_code'
  | 'rubric_points_mismatch'
  | 'rubric_unknown_field'
  | 'rubric_rule_range'
  | 'rubric_rule_error'
  | 'rubric_grade_invalid'
  | 'logic_unknown_operator'
  | 'logic_forbidden_operator'
  | 'logic_unsafe_path'
  | 'logic_dynamic_path'
  | 'logic_too_deep'
  | 'logic_too_large'
  | 'logic_too_costly'
  | 'logic_arity'
  | 'logic_runtime'
  | 'rule_not_a_number'
  | 'rule_not_finite'
  | 'evidence_unknown_item'
  | 'evidence_unknown_field'
  | 'evidence_type'
  | 'evidence_out_of_range'
  | 'evidence_not_allowed'
  | 'evidence_mismatch'
  | 'evidence_duplicate_unit'
  | 'adjustment_invalid';

export interface Problem {
  readonly code: KaoheErrorCode;
  readonly path: string;
  readonly message: string;
}

export class KaoheError extends Error {
  readonly code: KaoheErrorCode;
  readonly path: string;
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[], summary?: string) {
    const first = problems[0];
    if (!first) throw new TypeError('KaoheError needs at least one problem');
    super(summary ?? (problems.length === 1 ? `${first.path}: ${first.message}` : `${problems.length} 个问题，首个：${first.path}: ${first.message}`));
    this.name = 'KaoheError';
    this.code = first.code;
    this.path = first.path;
    this.problems = problems;
  }
}

export function problem(code: KaoheErrorCode, path: string, message: string): Problem {
  return { code, path, message };
}

export function fail(code: KaoheErrorCode, path: string, message: string): never {
  throw new KaoheError([problem(code, path, message)]);
}

/** Appends a property or index to a JSONPath-style path. */
export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
