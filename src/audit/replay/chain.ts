/**
 * Step 4: the audit chain the bundle carries, link by link, then every record in the
 * bundle against the last entry the chain has about it.
 *
 * Each entry's hash covers its own fields and the previous entry's hash (records/chain.ts
 * sealEvent), so an entry changed without resealing fails its own hash; changed and
 * resealed, removed or moved, it breaks the next entry's link. Every entry is checked,
 * so each break is named by its seq. An entry cut from the end leaves no broken link;
 * it is found when it was the last about a record in the bundle (that record then no
 * longer matches the chain), and otherwise only against a chain head hash kept
 * elsewhere (docs/audit-bundle.md, "What replay cannot prove").
 */
import { type AuditEvent, type TrailMismatch, chainBreaks, cycleKeyOf, describeBreak, latestEntries, subjects, trailMismatch } from '../../records/index.js';
import type { BundleV1 } from '../bundle.js';
import type { RunTextHashes } from './run-texts.js';
import type { ReplayProblem } from './report.js';

function linkProblems(audit: readonly AuditEvent[]): ReplayProblem[] {
  return chainBreaks(audit).map((b) => ({ part: 'audit', kind: 'chain', seq: b.entry.seq, message: describeBreak(b) }));
}

interface Checked {
  readonly part: string;
  readonly subject: string;
  readonly record: object | null;
  /** The record's hash when it was taken without the record whole (the run's, in runTextHashes). */
  readonly hash?: string;
  readonly unitCode?: string;
  readonly what: string;
}

/** The records the bundle holds (or says do not exist), by the subject the chain knows them as. */
function checkedRecords(bundle: BundleV1, texts: RunTextHashes | null): Checked[] {
  const cycle = bundle.run ? cycleKeyOf(bundle.run) : { year: bundle.manifest.year };
  const checked: Checked[] = [];
  if (bundle.run && texts) {
    // The stored run holds its inputs and results texts: { ...bundle.run, inputs, results }, hashed in pieces.
    checked.push({ part: 'run', subject: subjects.run(bundle.run.runId), record: bundle.run, hash: texts.record, what: `评分 ${bundle.run.runId}` });
  }
  for (const unit of bundle.units) {
    const unitCode = unit.code;
    checked.push({
      part: `units/${unitCode}/submission`,
      subject: subjects.submission(cycle, unitCode),
      record: unit.submission,
      unitCode,
      what: `单位 ${unitCode} 的提交记录`,
    });
    checked.push({
      part: `units/${unitCode}/review`,
      subject: subjects.review(cycle, unitCode),
      record: unit.review,
      unitCode,
      what: `单位 ${unitCode} 的审核记录`,
    });
    checked.push({
      part: `units/${unitCode}/targets`,
      subject: subjects.targets(cycle, unitCode),
      record: unit.targets ?? null,
      unitCode,
      what: `单位 ${unitCode} 的目标备案记录`,
    });
    for (const m of unit.materials)
      checked.push({
        part: `units/${unitCode}/materials`,
        subject: subjects.material(m.id),
        record: m,
        unitCode,
        what: `单位 ${unitCode} 的材料 ${m.originalName}`,
      });
  }
  for (const note of bundle.notes)
    checked.push({ part: 'notes', subject: subjects.note(note.id), record: note, unitCode: note.unitCode, what: `评价意见 ${note.id}` });
  return checked;
}

/** trailMismatch for a record that exists and whose hash is known. */
function hashMismatch(latest: ReadonlyMap<string, AuditEvent>, subject: string, hash: string): TrailMismatch | null {
  const entry = latest.get(subject);
  if (!entry) return { kind: 'unlogged', hash };
  return entry.afterHash === hash ? null : { kind: 'changed', entry, hash };
}

function recordProblems(bundle: BundleV1, texts: RunTextHashes | null): ReplayProblem[] {
  const latest = latestEntries(bundle.audit);
  const problems: ReplayProblem[] = [];
  const checked = checkedRecords(bundle, texts);
  for (const { part, subject, record, hash: known, unitCode, what } of checked) {
    const mismatch = known !== undefined ? hashMismatch(latest, subject, known) : trailMismatch(latest, subject, record);
    const withUnit = unitCode !== undefined ? { unitCode } : {};
    if (mismatch?.kind === 'unlogged') {
      problems.push({
        part,
        kind: 'record-hash',
        ...withUnit,
        recomputedValue: mismatch.hash,
        message: `${what}（${subject}）在审计链中没有任何记载（未经服务写入，或其审计记录被删除）`,
      });
    } else if (mismatch?.kind === 'changed') {
      const { entry, hash } = mismatch;
      const now = record === null ? '审计包中没有这条记录' : `其内容的哈希为 ${hash}`;
      problems.push({
        part,
        kind: 'record-hash',
        ...withUnit,
        seq: entry.seq,
        bundleValue: entry.afterHash,
        recomputedValue: hash,
        message: `${what}（${subject}）与审计记录 #${entry.seq}（${entry.action}）所记的哈希 ${entry.afterHash || '（已删除）'} 不符：${now}（记录被改动，或其后的审计记录被删除）`,
      });
    }
  }
  // A note or a material of this year, of a unit the run scored, logged in the chain but absent from
  // the bundle was left out. (Another body's cycle of the same year has other units.)
  const carried = new Set(checked.map((c) => c.subject));
  const units = new Set(bundle.units.map((u) => u.code));
  for (const [subject, entry] of latest) {
    if (carried.has(subject) || entry.afterHash === '' || entry.year !== bundle.manifest.year) continue;
    if (entry.unitCode !== undefined && !units.has(entry.unitCode)) continue;
    const withUnit = entry.unitCode !== undefined ? { unitCode: entry.unitCode } : {};
    if (subject.startsWith('note:')) {
      problems.push({
        part: 'notes',
        kind: 'record-hash',
        seq: entry.seq,
        ...withUnit,
        message: `审计记录 #${entry.seq} 记载了评价意见 ${subject}，审计包中却没有它（评价意见被删除）`,
      });
    } else if (subject.startsWith('material:') && entry.unitCode !== undefined && units.has(entry.unitCode)) {
      problems.push({
        part: `units/${entry.unitCode}/materials`,
        kind: 'record-hash',
        seq: entry.seq,
        ...withUnit,
        message: `审计记录 #${entry.seq} 记载了单位 ${entry.unitCode} 的材料 ${subject}，审计包中却没有它（材料记录被删除）`,
      });
    }
  }
  // The rubric record itself is not in the bundle (its JSON is), but its hash is the chain's subject.
  const rubric = subjects.rubric(bundle.results.rubric.hash);
  if (!latest.has(rubric)) {
    problems.push({
      part: 'rubric',
      kind: 'record-hash',
      message: `审计链中没有考核细则 ${bundle.results.rubric.hash} 的任何记载（结果所用的细则未经服务载入或发布）`,
    });
  }
  return problems;
}

/** Only a bundle exported from the service has a chain; one made from files has none to check. `texts`: runTextHashes(bundle), null without a run. */
export function chainProblems(bundle: BundleV1, texts: RunTextHashes | null): ReplayProblem[] {
  if (bundle.manifest.source === 'files' && bundle.audit.length === 0) return [];
  const problems: ReplayProblem[] = [];
  if (bundle.audit.length === 0) problems.push({ part: 'audit', kind: 'chain', message: '来自服务的审计包没有审计链（应含导出时的全部审计记录）' });
  if (bundle.manifest.source === 'service' && bundle.run === null)
    problems.push({ part: 'run', kind: 'record-hash', message: '来自服务的审计包没有评分记录（run）' });
  return [...problems, ...linkProblems(bundle.audit), ...recordProblems(bundle, texts)];
}
