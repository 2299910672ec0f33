/**
 * Reading an audit bundle file handed to an audit command: its JSON, then the bundle
 * schema, so that a wrong file is named with the field that is wrong before anything
 * in it is used.
 */
import { type BundleV1, bundleSchema } from '../audit/index.js';
import { InputError } from '../adapters/files/input-error.js';
import { tryReadJson } from '../adapters/files/read-json.js';
import { checkRubric } from '../core/index.js';
import { parseWith } from '../core/validation.js';

/** At most this many problems are listed: a file that is not a bundle at all has hundreds. */
const SHOWN_PROBLEMS = 10;

export function readBundleFile(file: string): BundleV1 {
  const read = tryReadJson(file);
  if (!read.ok) throw new InputError([{ file, problems: read.problems }], '无法读取审计包');
  const parsed = parseWith(bundleSchema, read.value);
  if (!parsed.ok) {
    // A file that is no bundle at all fails every field: its format field says enough.
    const notABundle = parsed.problems.filter((p) => p.path === '$.kaohe');
    if (notABundle.length > 0) throw new InputError([{ file, problems: notABundle }], '不是审计包');
    throw new InputError([{ file, problems: parsed.problems.slice(0, SHOWN_PROBLEMS) }], `不是有效的审计包（${parsed.problems.length} 处问题）`);
  }
  return parsed.value;
}

/** A bundle whose rubric the engine can also read (its rules compile), for tools that need the parsed rubric. */
export function readBundleWithRubric(file: string): BundleV1 {
  const bundle = readBundleFile(file);
  const check = checkRubric(bundle.rubric);
  if (!check.ok) {
    const problems = check.problems.slice(0, SHOWN_PROBLEMS).map((p) => ({ ...p, path: p.path.replace(/^\$/, '$.rubric') }));
    throw new InputError([{ file, problems }], '审计包中的考核细则有误');
  }
  return bundle;
}
