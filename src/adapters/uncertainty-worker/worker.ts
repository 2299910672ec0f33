/**
 * The worker thread's side of an analysis: parses the rubric and the run's evidence,
 * works out how many scenarios the spec makes and refuses it when units × scenarios is
 * beyond the bound (naming the spec's field), then scores them all (analyseUncertainty)
 * and sends back what the page shows and the files, as `kaohe analyse uncertainty` writes
 * them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { UncertaintySpecError, analyseUncertainty, scenarioPlan, scenarioWords, uncertaintyFile } from '../../analysis/index.js';
import { type EvidenceDocument, checkRubric, evidenceSetHash, prepareEvidence } from '../../core/index.js';
import { problem } from '../../core/errors.js';
import { uncertaintyView } from '../../services/analysis/uncertainty-view.js';
import { assessmentName } from '../../report/charts/text.js';
import type { Reply, WorkerInput } from './protocol.js';

function send(reply: Reply, transfer: readonly ArrayBuffer[] = []): void {
  parentPort?.postMessage(reply, [...transfer]);
}

/** The bytes' memory to hand over rather than copy, when they own it whole (a small Buffer shares a pool, which must stay). */
function owned(bytes: Uint8Array): ArrayBuffer[] {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : [];
}

async function analyse(job: WorkerInput): Promise<void> {
  const check = checkRubric(JSON.parse(job.rubric.source));
  if (!check.ok) throw new Error(`评分所用的考核细则无法读取：${check.problems[0]?.message ?? ''}`);
  // The hash the run names (of the file as published), not the parsed document's.
  const rubric = { ...check.rubric, hash: job.rubric.hash as typeof check.rubric.hash };
  const evidences = job.evidence.map((text) => JSON.parse(text) as EvidenceDocument);
  const prepared = evidences.map((e) => prepareEvidence(rubric, e));
  const previous = job.previous?.map((text) => JSON.parse(text) as EvidenceDocument);
  const { spec } = job;
  const { variations, method, scenarios } = scenarioPlan(rubric, evidences, spec);
  if (evidences.length * scenarios > job.maxUnitScenarios) {
    const bound = `单位数 × ${method === 'exact' ? '组合数' : '抽样次数'}不能超过 ${job.maxUnitScenarios.toLocaleString('en-US')}`;
    const path = method === 'exact' ? '$.exactLimit' : '$.draws';
    const what = method === 'exact' ? `逐一枚举 ${scenarios.toLocaleString('en-US')} 种组合` : `抽样 ${scenarios.toLocaleString('en-US')} 次`;
    throw new UncertaintySpecError([problem('schema_invalid', path, `${evidences.length.toLocaleString('en-US')} 个单位${what}超出上限：${bound}`)]);
  }
  send({ kind: 'plan', plan: { method, scenarios, variations: variations.length } });
  const result = analyseUncertainty(rubric, prepared, spec, { engineVersion: job.engineVersion, year: rubric.year, ...(previous && { previous }) });
  // With the hash of the evidence analysed, as --out writes it, so that the run's reports know it is of their results.
  const file = uncertaintyFile(rubric, spec, result, evidenceSetHash(prepared.map((p) => p.evidence)));
  const json = new TextEncoder().encode(`${JSON.stringify(file, null, 2)}\n`);
  send({ kind: 'done', outcome: { view: uncertaintyView(result, rubric.title), json } }, owned(json));
  if (evidences.length > job.workbookMaxUnits) {
    send({ kind: 'workbook', xlsx: null });
    return;
  }
  // Loaded only now: exceljs takes about half a second to load, which the figures need not wait for.
  const { uncertaintyWorkbook } = await import('../xlsx/uncertainty-workbook.js');
  const xlsx = await uncertaintyWorkbook(file, assessmentName(rubric.title), scenarioWords(result));
  send({ kind: 'workbook', xlsx }, owned(xlsx));
}

analyse(workerData as WorkerInput).catch((error: unknown) => {
  if (error instanceof UncertaintySpecError) send({ kind: 'refused', problems: error.problems });
  else send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
});
