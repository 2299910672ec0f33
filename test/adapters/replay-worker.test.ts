/**
 * kaohe audit replay with its worker thread (src/adapters/replay-worker): the worker parses
 * the same bytes and does the part hashes and the second evaluator while this thread does
 * the rest. What the user gets must be exactly what replay on one thread gives, intact or
 * tampered, problems in the same order; a bundle refused by its schema stops the worker.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseSharedBytes, readSharedBytes } from '../../src/adapters/replay-worker/bytes.js';
import { replayWithWorker, startReplayWorker } from '../../src/adapters/replay-worker/index.js';
import { type BundleV1, type ReplayReport, replayBundle } from '../../src/audit/index.js';
import { copy, filesBundle, resealed, serviceBundle } from '../audit/replay-fixtures.js';

/** Bundles are edited as plain JSON, the way a tamperer edits the file. */
type Json = any;

describe('audit replay with its worker thread', () => {
  let dir: string;
  let files: BundleV1;
  let service: BundleV1;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kaohe-test-replay-worker-'));
    files = filesBundle();
    service = serviceBundle();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The file's bytes replayed as kaohe audit replay replays them, and the same bundle on one thread. */
  async function bothWays(text: string): Promise<{ withWorker: ReplayReport; oneThread: ReplayReport }> {
    const file = path.join(dir, 'bundle.json');
    writeFileSync(file, text);
    const bytes = readSharedBytes(file);
    if (!bytes.ok) throw new Error('unreadable');
    const worker = startReplayWorker(bytes.bytes);
    const read = parseSharedBytes(bytes.bytes);
    if (!read.ok) throw new Error('not JSON');
    return { withWorker: await replayWithWorker(read.value, worker), oneThread: replayBundle(JSON.parse(text.replace(/^\uFEFF/, ''))) };
  }

  it('an intact bundle, from files and from the service, gives the same report: every part, score and second evaluation checked', async function () {
    this.timeout(60_000);
    for (const bundle of [files, service]) {
      const { withWorker, oneThread } = await bothWays(JSON.stringify(bundle));
      expect(withWorker).to.deep.equal(oneThread);
      expect(withWorker.ok).to.equal(true);
      expect(withWorker.secondEvaluator.checkpoints).to.equal(withWorker.checkpoints).and.be.above(0);
    }
  });

  it('a tampered bundle gives the same problems in the same order: the part hash from the worker, the score from here, the second evaluator from the worker', async function () {
    this.timeout(60_000);
    const t: Json = copy(service);
    const unit = t.results.units.find((u: Json) => u.code === '620100');
    unit.items.find((i: Json) => i.code === 'G10.1').score = 2.5;
    for (const bundle of [t, resealed(t)]) {
      const { withWorker, oneThread } = await bothWays(JSON.stringify(bundle));
      expect(withWorker).to.deep.equal(oneThread);
      const kinds = withWorker.problems.map((p) => p.kind);
      expect(kinds).to.include.members(['run-hash', 'record-hash', 'score', 'second-evaluator']);
      expect(kinds.includes('part-hash')).to.equal(bundle === t);
      expect(withWorker.secondEvaluator.disagreements).to.equal(1);
    }
  });

  it('a rubric that no longer parses is named as on one thread, with the hashes the worker took', async function () {
    this.timeout(60_000);
    const t: Json = copy(files);
    t.rubric.total = 'many';
    const { withWorker, oneThread } = await bothWays(JSON.stringify(t));
    expect(withWorker).to.deep.equal(oneThread);
    expect(withWorker.problems.map((p) => p.kind)).to.include.members(['part-hash', 'rubric-hash', 'rubric']);
  });

  it('a bundle outside its schema is refused with the schema’s problems, the worker stopped without its answer', async function () {
    this.timeout(60_000);
    const t: Json = copy(files);
    t.units[0].evidence.items['G10.1'].values = 'x';
    const { withWorker, oneThread } = await bothWays(`\uFEFF${JSON.stringify(t)}`);
    expect(withWorker).to.deep.equal(oneThread);
    expect(withWorker.problems.map((p) => p.kind)).to.satisfy((kinds: string[]) => kinds.length > 0 && kinds.every((k) => k === 'schema'));
  });

  it('a file that is missing or not JSON is named as the JSON readers name it', () => {
    expect(readSharedBytes(path.join(dir, 'absent.json'))).to.deep.equal({ ok: false, problems: [{ code: 'json_invalid', path: '$', message: '文件不存在' }] });
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{\n  "kaohe": ');
    const bytes = readSharedBytes(file);
    const read = bytes.ok ? parseSharedBytes(bytes.bytes) : bytes;
    expect(read.ok).to.equal(false);
    expect(read.ok ? '' : read.problems[0]?.message).to.match(/^不是有效的 JSON（/);
  });
});
