/**
 * kaohe audit verify: is what the database holds what the audit trail says happened?
 *
 * 1. The chain: every entry seals the one before it (records/chain.ts), so an
 *    entry changed, removed or reordered shows up at the first entry after it; and
 *    the entries about each record follow its writes, each beginning where the one
 *    before ended (records/trail.ts), whichever service process wrote them.
 * 2. Every stored run is scored again from its stored inputs with the core, and the
 *    results must come out byte for byte as stored, with the stored hashes.
 * 3. Every run, rubric, submission, review, target filing and auditor note as stored now must hash to
 *    the afterHash of the latest audit entry about it: a record changed behind the
 *    service's back, or an entry deleted from the end of the chain, no longer matches.
 *
 * Before that, writes a crash interrupted are completed or rolled back (journal.ts), so
 * that an interrupted write is told from tampering; the report says how many.
 *
 * The first problem is reported, naming the entry (seq) or the record (subject).
 */
import { checkRubric, parseEvidence, sha256 } from '../../core/index.js';
import {
  cycleKeyOf,
  type RunRecord,
  chainBreaks,
  describeBreak,
  describeOrderBreak,
  latestEntries,
  subjectOrderBreaks,
  subjects,
  trailMismatch,
} from '../../records/index.js';
import { type RecoveryReport, recoverInterruptedWrites } from './journal.js';
import type { Clock, Stores } from '../ports.js';
import { scoreRun } from '../runs/run-scoring.js';

export interface VerifyProblem {
  /** `event`: an audit entry; `run`: a stored run that does not recompute; `record`: a record that does not match the trail. */
  readonly kind: 'event' | 'run' | 'record';
  /** The audit entry's seq, for `event`. */
  readonly seq?: number;
  /** The record, e.g. "run:2015-1", for `run` and `record`. */
  readonly subject?: string;
  readonly message: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  /** Writes a crash had interrupted, completed or rolled back before checking (journal.ts). */
  readonly recovery: RecoveryReport;
  readonly events: number;
  readonly runs: number;
  readonly records: number;
  readonly problem?: VerifyProblem;
}

/** Subjects whose records verify checks against the trail. */
const CHECKED = ['run:', 'rubric:', 'submission:', 'review:', 'targets:', 'note:'];

/** A stored rubric's content as the core reads it, or null when it does not parse (any more). */
function rubricOf(source: string) {
  try {
    const check = checkRubric(JSON.parse(source));
    return check.ok ? check.rubric : null;
  } catch {
    return null;
  }
}

class Found extends Error {
  constructor(readonly problem: VerifyProblem) {
    super(problem.message);
  }
}

/** The run of the year before that supplied a run's last-year evidence, when it names one (null: not found). */
async function previousRunOf(stores: Stores, run: RunRecord): Promise<RunRecord | null | undefined> {
  return run.previousRun === undefined ? undefined : stores.runs.get(run.previousRun);
}

function recomputed(run: RunRecord, rubricSource: string | undefined, previousRun: RunRecord | null | undefined): VerifyProblem | null {
  const subject = subjects.run(run.runId);
  const fail = (message: string): VerifyProblem => ({ kind: 'run', subject, message: `评分 ${run.runId}：${message}` });
  if (sha256(run.inputs) !== run.inputsHash) return fail('存储的输入与其哈希 inputsHash 不符（输入被改动）');
  if (sha256(run.results) !== run.resultsHash) return fail('存储的结果与其哈希 resultsHash 不符（结果被改动）');
  if (rubricSource === undefined) return fail(`找不到评分所用的考核细则 ${run.rubricHash}`);
  const rubric = rubricOf(rubricSource);
  if (!rubric) return fail('评分所用的考核细则无法解析');
  let evidences;
  try {
    evidences = (JSON.parse(run.inputs) as unknown[]).map((e) => parseEvidence(e));
  } catch {
    return fail('存储的输入不是有效的证据文档');
  }
  let previous;
  if (previousRun !== undefined) {
    if (previousRun === null) return fail(`找不到提供上年证据的评分 ${run.previousRun ?? ''}`);
    if (sha256(previousRun.inputs) !== run.previousInputsHash) {
      return fail(`上年证据（评分 ${previousRun.runId} 的输入）与本次评分记录的哈希 previousInputsHash 不符（上年证据被改动）`);
    }
    try {
      previous = (JSON.parse(previousRun.inputs) as unknown[]).map((e) => parseEvidence(e));
    } catch {
      return fail(`评分 ${previousRun.runId} 存储的输入不是有效的证据文档`);
    }
  }
  const scored = scoreRun(rubric, evidences, run.engineVersion, previous);
  if (!scored.ok) return fail(`存储的输入不符合考核细则：${scored.problems[0]?.path} ${scored.problems[0]?.message}`);
  if (scored.run.resultsHash !== run.resultsHash || scored.run.results !== run.results) {
    return fail(`按存储的输入重新计算，结果与存储的结果不一致（重新计算得 ${scored.run.resultsHash}，存储为 ${run.resultsHash}）`);
  }
  return null;
}

export async function verify(stores: Stores, clock: Clock): Promise<VerifyReport> {
  // An interrupted write is the crash's doing, not tampering: settle those first, then check.
  const recovery = await recoverInterruptedWrites(stores, clock);
  const events = await stores.audit.all();
  let runsChecked = 0;
  let recordsChecked = 0;
  try {
    const broken = chainBreaks(events)[0];
    if (broken) throw new Found({ kind: 'event', seq: broken.entry.seq, message: describeBreak(broken) });
    const outOfOrder = subjectOrderBreaks(events)[0];
    if (outOfOrder) throw new Found({ kind: 'event', seq: outOfOrder.entry.seq, message: describeOrderBreak(outOfOrder) });

    const latest = latestEntries(events);
    const seen = new Set<string>();
    const against = (subject: string, record: object) => {
      seen.add(subject);
      recordsChecked++;
      const mismatch = trailMismatch(latest, subject, record);
      if (mismatch?.kind === 'unlogged') throw new Found({ kind: 'record', subject, message: `记录 ${subject} 在审计链中没有任何记载（未经服务写入）` });
      if (mismatch?.kind === 'changed') {
        const { entry } = mismatch;
        throw new Found({
          kind: 'record',
          subject,
          message: `记录 ${subject} 的当前内容与审计记录 #${entry.seq}（${entry.action}）所记的哈希不符（记录被改动，或审计记录被删除）`,
        });
      }
    };

    const rubrics = await stores.rubrics.list();
    const sources = new Map(rubrics.map((r) => [r.hash, r.source]));
    for (const r of rubrics) {
      const subject = subjects.rubric(r.hash);
      if (rubricOf(r.source)?.hash !== r.hash) throw new Found({ kind: 'record', subject, message: `考核细则 ${r.hash} 的内容与其哈希不符（细则被改动）` });
      against(subject, r);
    }

    // Every record however it was stored (a document written past the service, without the fields
    // the service finds records by, is still checked), each named by its own year and body.
    for (const run of await stores.runs.all()) {
      const problem = recomputed(run, sources.get(run.rubricHash), await previousRunOf(stores, run));
      if (problem) throw new Found(problem);
      runsChecked++;
      against(subjects.run(run.runId), run);
    }
    for (const s of await stores.submissions.all()) against(subjects.submission(cycleKeyOf(s), s.unitCode), s);
    for (const r of await stores.reviews.all()) against(subjects.review(cycleKeyOf(r), r.unitCode), r);
    for (const t of await stores.targets.all()) against(subjects.targets(cycleKeyOf(t), t.unitCode), t);
    for (const n of await stores.notes.all()) against(subjects.note(n.id), n);

    for (const [subject, event] of latest) {
      if (CHECKED.some((p) => subject.startsWith(p)) && event.afterHash !== '' && !seen.has(subject)) {
        throw new Found({ kind: 'record', subject, message: `记录 ${subject} 不见了：审计记录 #${event.seq}（${event.action}）之后它应当存在（记录被删除）` });
      }
    }
  } catch (error) {
    if (error instanceof Found) return { ok: false, recovery, events: events.length, runs: runsChecked, records: recordsChecked, problem: error.problem };
    throw error;
  }
  return { ok: true, recovery, events: events.length, runs: runsChecked, records: recordsChecked };
}
