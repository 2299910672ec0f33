/**
 * Runs of a rubric that reads the other units and last year (test/support/across-years.ts):
 * the run of 2015 reads the evidence 2014's finalised run scored, records which run that
 * was, and verify, the bundle and replay reproduce it; without a finalised run of the
 * year before, a run is scored without last year's values and says so.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { replayBundle } from '../../src/audit/index.js';
import { type ResultsV1, contentHash, sha256 } from '../../src/core/index.js';
import { verify } from '../../src/services/audit/audit-verify.js';
import type { TestService } from '../support/service.js';
import { useTempDirs } from '../support/cli.js';
import { fromRoot } from '../support/paths.js';
import { acrossItems, acrossYearsRubric, PASS_RATES } from '../support/across-years.js';
import { startServiceWithDatabase, storeSubmission } from './review-run-support.js';

type Json = any;

/** Runs docs/audit-bundle.md's Python verifier on a bundle: its output lines (OK, or each problem). */
async function pythonVerifier(dir: string, bundle: unknown): Promise<string> {
  const doc = readFileSync(fromRoot('docs', 'audit-bundle.md'), 'utf8');
  const script = path.join(dir, 'verify_bundle.py');
  writeFileSync(script, /```python\n([\s\S]*?)```/.exec(doc)?.[1] ?? '');
  const file = path.join(dir, `bundle-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(bundle));
  try {
    return (await promisify(execFile)('python3', [script, file], { encoding: 'utf8' })).stdout;
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
}

const totals = (results: ResultsV1) => Object.fromEntries(results.units.filter((u) => u.missingItems.length === 0).map((u) => [u.code, u.total]));
const itemScores = (results: ResultsV1, code: string) =>
  Object.fromEntries(results.units.find((u) => u.code === code)?.items.map((i) => [i.code, i.score]) ?? []);

describe('runs of a rubric reading last year: the year before’s finalised run supplies it (real FerretDB, real HTTP)', () => {
  let service: TestService;
  const tempDir = useTempDirs();

  async function openYear(year: number): Promise<void> {
    const examiner = service.users.examiner;
    const created = await service.request('POST', '/api/rubrics', { user: examiner, body: acrossYearsRubric(year) });
    expect(created.status, created.text).to.equal(201);
    const published = await service.request('POST', `/api/rubrics/${created.body.hash}/publish`, { user: examiner, body: { version: 1 } });
    expect(published.status, published.text).to.equal(200);
    const cycle = await service.request('POST', '/api/cycles', {
      user: examiner,
      body: { year, rubric: created.body.hash, deadline: `${year + 1}-03-31T23:59:59+08:00` },
    });
    expect(cycle.status, cycle.text).to.equal(201);
    for (const [code, rate] of Object.entries(PASS_RATES[year] ?? {})) await storeSubmission(service, code, acrossItems(rate), { year });
  }

  async function createRun(year: number): Promise<Json> {
    const reply = await service.request('POST', `/api/cycles/${year}/runs`, { user: service.users.examiner });
    expect(reply.status, reply.text).to.equal(201);
    return reply.body;
  }

  async function results(year: number, runId: string): Promise<ResultsV1> {
    const reply = await service.request('GET', `/api/cycles/${year}/runs/${runId}`, { user: service.users.examiner });
    expect(reply.status, reply.text).to.equal(200);
    return reply.body as ResultsV1;
  }

  before(async () => {
    ({ service } = await startServiceWithDatabase());
    await openYear(2014);
    await openYear(2015);
  });
  after(async () => {
    await service.close();
  });

  it('a run whose year before has no finalised run is scored without last year’s evidence, and says so', async () => {
    const run = await createRun(2015);
    expect(run).to.include({ runId: '2015-1', previousMissing: true });
    const stored = await service.stores.runs.get('2015-1');
    expect(stored).to.include({ previousMissing: true });
    expect(stored).not.to.have.property('previousRun');
    const scored = await results(2015, '2015-1');
    // Every unit's 同比 without last year: 2.5.
    expect(totals(scored)).to.deep.equal({ '620100': 12.5, '620200': 12, '620300': 11.5 });
    expect(scored).not.to.have.property('previousEvidenceHash');
    const events = (await service.stores.audit.all()).filter((e) => e.action === 'run.create' && e.subject === 'run:2015-1');
    expect(events[0]?.detail).to.equal('14 个单位，2014 年度没有定稿的评分，不读上年证据');
  });

  it('a run of 2014 reads no 2013; finalised, it is last year’s evidence for 2015’s next run, which names it', async () => {
    const first = await createRun(2014);
    expect(first.runId).to.equal('2014-1');
    expect(totals(await results(2014, '2014-1'))).to.deep.equal({ '620100': 11.5, '620200': 12.5, '620300': 12 });
    const final = await service.request('POST', '/api/cycles/2014/runs/2014-1/finalize', { user: service.users.examiner, body: { version: 1 } });
    expect(final.status, final.text).to.equal(200);
    const lastYear = await service.stores.runs.get('2014-1');

    expect(await createRun(2015)).to.include({ runId: '2015-2', previousRun: '2014-1', previousInputsHash: lastYear?.inputsHash });
    const stored = await service.stores.runs.get('2015-2');
    expect(stored).to.include({ previousRun: '2014-1', previousInputsHash: lastYear?.inputsHash });
    expect(stored).not.to.have.property('previousMissing');
    const scored = await results(2015, '2015-2');
    // Hand-checked: 兰州 1st, 2.8 points up (capped at 5); 嘉峪关 2nd, 0.5 up; 金昌 3rd, not up.
    expect(totals(scored)).to.deep.equal({ '620100': 15, '620200': 10.75, '620300': 9 });
    expect(itemScores(scored, '620200')).to.deep.equal({ C1: 9.5, C2: 1.25 });
    const previousDocs = JSON.parse(lastYear?.inputs ?? '[]') as { unit: { code: string } }[];
    const pairs = previousDocs.map((d) => [d.unit.code, contentHash(d)] as const).sort(([a], [b]) => (a < b ? -1 : 1));
    expect(scored.previousEvidenceHash).to.equal(contentHash(pairs));
    const lanzhou = scored.units.find((u) => u.code === '620100')?.items.find((i) => i.code === 'C2');
    expect(lanzhou?.trace.filter((e) => e.kind === 'previous')).to.deep.equal([{ kind: 'previous', field: 'passRate', value: 95.2, source: 'evidence' }]);
  });

  it('kaohe audit verify scores every run again from its inputs and the inputs of the run it names', async () => {
    const report = await verify(service.stores, service.clock);
    expect(report.problem).to.equal(undefined);
    expect(report).to.include({ ok: true, runs: 3 });
  });

  it('the bundle of the run carries the year before’s evidence; replay agrees byte for byte, with both evaluators', async () => {
    const reply = await service.request('GET', '/api/cycles/2015/runs/2015-2/bundle', { user: service.users.auditor });
    expect(reply.status, reply.text).to.equal(200);
    const bundle = reply.body;
    expect(bundle.previous.runId).to.equal('2014-1');
    expect(sha256(JSON.stringify(bundle.previous.evidence))).to.equal(bundle.run.previousInputsHash);
    const report = replayBundle(bundle);
    expect(report.problems).to.deep.equal([]);
    expect(report.secondEvaluator.disagreements).to.equal(0);
    expect(report.secondEvaluator.checkpoints).to.equal(14 * 2);

    // 兰州's 2014 rate changed in the bundle, manifest resealed or not: named against the run's own record of it.
    const tampered = JSON.parse(JSON.stringify(bundle));
    const lanzhou = tampered.previous.evidence.find((e: Json) => e.unit.code === '620100');
    lanzhou.items.C2.values.passRate = 97.9;
    const broken = replayBundle(tampered);
    expect(broken.ok).to.equal(false);
    const kinds = broken.problems.map((p) => `${p.part} ${p.kind}`);
    expect(kinds).to.include.members(['previous part-hash', 'previous previous-hash', 'previous run-hash']);
    expect(broken.problems.find((p) => p.kind === 'run-hash')?.message).to.include('与评分 2015-2 所记的 previousInputsHash');

    // The verifier in another language the bundle's documentation carries agrees: intact, and the changed document named.
    const dir = tempDir('python-verifier');
    expect(await pythonVerifier(dir, bundle)).to.equal('OK\n');
    const named = await pythonVerifier(dir, tampered);
    expect(named).to.include('previous');
    expect(named).to.match(/last year's evidence hash sha256:[0-9a-f]{64}, run says sha256:/);
  });

  it('the bundle of a run that read no last year has no previous part', async () => {
    const reply = await service.request('GET', '/api/cycles/2015/runs/2015-1/bundle', { user: service.users.auditor });
    expect(reply.status, reply.text).to.equal(200);
    expect(reply.body).not.to.have.property('previous');
    expect(replayBundle(reply.body).ok).to.equal(true);
  });

  it('verify names a run whose record of last year’s evidence was changed behind the service', async () => {
    // Last: it leaves the database tampered. 2015-2 now claims to have read other inputs than 2014-1's.
    await service.connection.collection('runs').updateOne({ runId: '2015-2' }, { $set: { previousInputsHash: sha256('[]') } });
    const report = await verify(service.stores, service.clock);
    expect(report.ok).to.equal(false);
    expect(report.problem).to.deep.equal({
      kind: 'run',
      subject: 'run:2015-2',
      message: '评分 2015-2：上年证据（评分 2014-1 的输入）与本次评分记录的哈希 previousInputsHash 不符（上年证据被改动）',
    });
  });
});
