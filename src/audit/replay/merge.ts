/**
 * Step 5 (bundles from the service): each unit's evidence must be what the service
 * makes of the unit's stored submission, the examiners' stored review (evidence-merge.ts)
 * and its approved targets (records/targets.ts). The records are sealed by the audit chain and the evidence by
 * the run's inputsHash; this check ties the two together, so evidence that differs
 * from what was submitted and reviewed is named even when every hash was recomputed.
 *
 * The records are those at the time of export. When a submission or review was
 * changed after the run (a later entry in the chain), the run scored an earlier
 * version and the check does not apply to that unit.
 */
import { type EvidenceDocument, type Rubric, canonicalJson } from '../../core/index.js';
import { cycleKeyOf, type EvidenceItemDocument, approvedTargets, mergeEvidence, type ReviewItems, storedItems, subjects } from '../../records/index.js';
import type { BundleUnit, BundleV1 } from '../bundle.js';
import type { ReplayProblem } from './report.js';

/** Item codes whose entries differ between two evidence documents, and whether anything outside the items differs. */
function differences(a: EvidenceDocument, b: EvidenceDocument): { items: string[]; header: boolean } {
  const [ia, ib] = [a.items ?? {}, b.items ?? {}];
  const codes = [...new Set([...Object.keys(ia), ...Object.keys(ib)])].sort();
  const items = codes.filter((c) => canonicalJson(ia[c] ?? null) !== canonicalJson(ib[c] ?? null));
  const { items: _a, ...ha } = a;
  const { items: _b, ...hb } = b;
  return { items, header: canonicalJson(ha) !== canonicalJson(hb) };
}

/**
 * Whether a subject's record was changed after the bundle's run was made (a later entry
 * in the chain): the bundle then carries a newer record than the one the run scored.
 */
export function changedAfterRun(bundle: BundleV1): (subject: string) => boolean {
  const run = bundle.run ? subjects.run(bundle.run.runId) : undefined;
  const created = bundle.audit.find((e) => e.subject === run)?.seq;
  const last = new Map<string, number>();
  for (const e of bundle.audit) last.set(e.subject, e.seq);
  return (subject) => created !== undefined && (last.get(subject) ?? 0) > created;
}

function unitProblem(rubric: Rubric, unit: BundleUnit): ReplayProblem | null {
  const part = `units/${unit.code}/evidence`;
  const submitted = unit.submission?.state === 'submitted' ? storedItems<EvidenceItemDocument>(unit.submission.items) : null;
  const reviewed = unit.review ? storedItems<ReviewItems[string]>(unit.review.items) : null;
  if ((unit.submission?.state === 'submitted' && !submitted) || (unit.review && !reviewed)) {
    return {
      part: unit.review && !reviewed ? `units/${unit.code}/review` : `units/${unit.code}/submission`,
      kind: 'merge',
      unitCode: unit.code,
      message: `单位 ${unit.code} 的提交或审核记录中的 items 不是有效的 JSON 对象`,
    };
  }
  const records = mergeEvidence(
    rubric,
    { code: unit.code, name: unit.name },
    submitted && unit.submission ? { items: submitted, ...(unit.submission.selfTotal !== undefined && { selfTotal: unit.submission.selfTotal }) } : null,
    reviewed && unit.review ? { items: reviewed, by: unit.review.updatedBy } : null,
  );
  // The approved targets, as the service adds them to a run's evidence (services/targets/run-targets.ts).
  const targets = approvedTargets(unit.targets);
  const merged = targets === undefined ? records : { ...records, targets };
  const diff = differences(unit.evidence, merged);
  if (diff.items.length === 0 && !diff.header) return null;
  const where = [...(diff.header ? ['单位信息、自评总分或备案目标'] : []), ...diff.items.map((c) => `考核要点 ${c}`)].join('、');
  return {
    part,
    kind: 'merge',
    unitCode: unit.code,
    ...(diff.items.length === 1 && { itemCode: diff.items[0] }),
    message: `单位 ${unit.code}（${unit.name}）的证据与其提交记录和审核记录合并所得不一致：${where}（证据或记录被改动）`,
  };
}

export function mergeProblems(rubric: Rubric, bundle: BundleV1): ReplayProblem[] {
  if (bundle.manifest.source !== 'service') return [];
  const changed = changedAfterRun(bundle);
  const problems: ReplayProblem[] = [];
  for (const unit of bundle.units) {
    const cycle = bundle.run ? cycleKeyOf(bundle.run) : { year: bundle.manifest.year };
    if (changed(subjects.submission(cycle, unit.code)) || changed(subjects.review(cycle, unit.code)) || changed(subjects.targets(cycle, unit.code))) continue;
    const problem = unitProblem(rubric, unit);
    if (problem) problems.push(problem);
  }
  return problems;
}
