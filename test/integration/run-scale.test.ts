/**
 * A run too large for one MongoDB document (issue 12 §2): 450 county-level units (about 17 MB of texts) of the
 * national unit tree, each with seeded evidence submitted and reviewed through the
 * service, scored by POST …/runs and read back as a user would: the ranking in pages,
 * one unit's result, the results in pages, and the audit bundle, streamed, which
 * `kaohe audit replay` (from source) reproduces. Real FerretDB, real HTTP.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { generateEvidence } from '../../bench/generate-evidence.js';
import { fixedClock } from '../../src/adapters/clock.js';
import { initialRubricSources, initialUnits } from '../../src/adapters/files/bootstrap-data.js';
import { CHINA_UNIT_TREE, loadUnitTree } from '../../src/adapters/files/unit-tree.js';
import { connect } from '../../src/adapters/mongo/connection.js';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import { createApp } from '../../src/api/app.js';
import { runTexts } from '../../src/audit/index.js';
import { type ResultsV1, sha256 } from '../../src/core/index.js';
import { composeServices } from '../../src/compose.js';
import { splitEvidence } from '../../src/records/index.js';
import { bootstrap } from '../../src/services/rubrics/bootstrap.js';
import { rankingOf } from '../../src/services/runs/run-views.js';
import type { Stores } from '../../src/services/ports.js';
import { ferretdbUri } from '../support/ferretdb.js';
import { repoRoot } from '../support/paths.js';
import { gansuRubric, storeSubmission } from './review-run-support.js';

const UNITS = 450;
const YEAR = 2015;
const MB16 = 16 * 1024 * 1024;

interface Reply {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

/** `kaohe audit replay <file>` from source, without blocking this process (its database driver keeps its heartbeat). */
function replayFromSource(file: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'src', 'cli', 'main.ts'), 'audit', 'replay', file],
      { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        if (error && typeof code !== 'number') return reject(error);
        resolve({ status: typeof code === 'number' ? code : 0, stdout, stderr });
      },
    );
  });
}

describe(`a run of ${UNITS} county-level units through the service (real FerretDB, real HTTP)`, function () {
  this.timeout(900_000);
  let connection: Connection;
  let stores: Stores;
  let close: () => Promise<void>;
  let request: (method: string, path: string, token: string, body?: unknown) => Promise<Reply>;
  const tokens: Record<string, string> = {};
  let codes: string[];
  let runId: string;
  /** The run's results, whole, as the store joins them back (what the pages and the bundle must agree with). */
  let results: ResultsV1;

  before(async () => {
    connection = await connect(await ferretdbUri(), `kaohe_test_${randomBytes(6).toString('hex')}`);
    stores = await mongoStores(connection);
    const clock = fixedClock('2016-01-15T09:00:00.000Z');
    await bootstrap(stores, clock, initialUnits(), initialRubricSources());
    const { tree, source } = loadUnitTree(CHINA_UNIT_TREE);
    const services = composeServices({ stores, clock, engineVersion: 'test', maxUploadBytes: 64 * 1024, unitTree: { tree, asOf: source.asOf } });
    const server = createApp(services, { maxUploadBytes: 64 * 1024 }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      await new Promise((resolve) => server.close(resolve));
      await connection.dropDatabase();
      await connection.close();
    };
    request = async (method, p, token, body) => {
      const res = await fetch(`${url}${p}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed, text, headers: res.headers };
    };
    for (const role of ['examiner', 'auditor'] as const) tokens[role] = (await services.session.addUser({ username: role, role }, 'test')).token;

    const rubric = gansuRubric();
    codes = tree.units
      .filter((u) => u.level === 'county')
      .slice(0, UNITS)
      .map((u) => u.code);
    const cycle = await request('POST', '/api/cycles', tokens.examiner!, {
      year: YEAR,
      rubric: rubric.hash,
      deadline: '2016-03-31T23:59:59+08:00',
      body: '000000',
      units: codes,
    });
    expect(cycle.status, cycle.text.slice(0, 500)).to.equal(201);
    expect(cycle.body.units).to.have.length(UNITS);

    // Seeded evidence, each document given a county of the tree; split as `kaohe seed` splits it between the county and the examiners.
    const evidence = generateEvidence(rubric, UNITS, 12);
    for (const [i, code] of codes.entries()) {
      const { submitted, review } = splitEvidence(rubric, evidence[i]!.items ?? {});
      await storeSubmission({ stores, clock }, code, submitted);
      if (Object.keys(review).length === 0) continue;
      const reviewed = await request('PUT', `/api/cycles/${YEAR}/reviews/${code}`, tokens.examiner!, { items: review });
      expect(reviewed.status, reviewed.text.slice(0, 300)).to.equal(201);
    }
    const county = codes[7]!;
    tokens.county = (await services.session.addUser({ username: 'county', role: 'city', unitCode: county }, 'test')).token;

    const run = await request('POST', `/api/cycles/${YEAR}/runs`, tokens.examiner!);
    expect(run.status, run.text.slice(0, 500)).to.equal(201);
    runId = run.body.runId;
    const stored = await stores.runs.get(runId);
    results = JSON.parse(stored!.results) as ResultsV1;
  });
  after(async () => {
    await close();
  });

  it(`scores all ${UNITS} units, whose texts would not fit in one document, and stores no document near the limit`, async () => {
    const stored = await stores.runs.get(runId);
    expect(results.units).to.have.length(UNITS);
    expect(Buffer.byteLength(stored!.inputs) + Buffer.byteLength(stored!.results), 'bytes of the texts').to.be.greaterThan(MB16);
    expect(sha256(stored!.inputs)).to.equal(stored!.inputsHash);
    expect(sha256(stored!.results)).to.equal(stored!.resultsHash);
    const db = connection.db!;
    for (const collection of ['runs', 'run_frames', 'run_unit_chunks', 'run_units', 'run_texts']) {
      const [largest] = await db
        .collection(collection)
        .aggregate([{ $project: { size: { $bsonSize: '$$ROOT' } } }, { $sort: { size: -1 } }, { $limit: 1 }])
        .toArray()
        .catch(async () => {
          // $bsonSize may be missing: measure the documents' JSON instead.
          const docs = await db.collection(collection).find().toArray();
          return [{ size: Math.max(0, ...docs.map((d) => JSON.stringify(d).length)) }];
        });
      // A chunk of consecutive units holds at most 4 MB of their texts (run-piece-store.ts).
      expect(largest?.size ?? 0, collection).to.be.lessThan(MB16 / 3);
    }
    // Evidence in chunks in unit order, results in chunks in rank order: each walked whole reads its chunks in turn.
    const run = await db.collection('runs').findOne({ runId });
    const frame = await db.collection('run_frames').findOne({ _id: run?.piecesId });
    const series = async (kind: 'e' | 'r', starts: number[]) => {
      const chunks = await Promise.all(
        starts.map((_, n) => db.collection('run_unit_chunks').findOne({ _id: `${String(run?.piecesId)}#${kind}${n}` as never })),
      );
      return chunks.flatMap((c) => (kind === 'e' ? (c?.evidence as string[]) : (c?.result as string[])));
    };
    expect(frame?.evidenceStarts).to.have.length(Math.ceil(UNITS / 64));
    expect(frame?.resultStarts).to.have.length(Math.ceil(UNITS / 64));
    expect((await series('e', frame?.evidenceStarts as number[])).map((e) => (JSON.parse(e) as { unit: { code: string } }).unit.code)).to.deep.equal(
      [...results.units.map((u) => u.code)].sort(),
    );
    expect(await series('r', frame?.resultStarts as number[])).to.deep.equal(results.units.map((u) => JSON.stringify(u)));
    expect(await db.collection('run_unit_chunks').countDocuments()).to.equal(2 * Math.ceil(UNITS / 64));
    expect(await db.collection('run_units').countDocuments()).to.equal(0);
  });

  it('gives the ranking in pages of at most 1,000 rows that, joined, are the whole ranking in rank order', async () => {
    const pages: unknown[] = [];
    for (let offset = 0; offset < UNITS; offset += 150) {
      const page = await request('GET', `/api/cycles/${YEAR}/runs/${runId}/ranking?offset=${offset}&limit=150`, tokens.examiner!);
      expect(page.status, page.text.slice(0, 300)).to.equal(200);
      expect(page.body).to.have.length(Math.min(150, UNITS - offset));
      pages.push(...page.body);
    }
    expect(pages).to.deep.equal(rankingOf(results));
    const whole = await request('GET', `/api/cycles/${YEAR}/runs/${runId}/ranking`, tokens.auditor!);
    expect(whole.body, 'by default the first 1,000 rows').to.deep.equal(rankingOf(results));
    const past = await request('GET', `/api/cycles/${YEAR}/runs/${runId}/ranking?offset=${UNITS}`, tokens.auditor!);
    expect(past.body).to.deep.equal([]);
  });

  for (const [query, parameter] of [
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=ten', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=1.5', 'offset'],
    ['page=2', 'page'],
  ] as const) {
    it(`ranking ?${query} → 400 naming ${parameter}`, async () => {
      const reply = await request('GET', `/api/cycles/${YEAR}/runs/${runId}/ranking?${query}`, tokens.examiner!);
      expect(reply.status, reply.text).to.equal(400);
      expect(JSON.stringify(reply.body.errors)).to.include(parameter);
      expect(reply.body.message).to.match(/[\u4e00-\u9fff]/);
    });
  }

  it('gives the results with their units in pages of at most 100, the summary always of every unit', async () => {
    const first = await request('GET', `/api/cycles/${YEAR}/runs/${runId}`, tokens.examiner!);
    expect(first.status).to.equal(200);
    expect(first.body.summary).to.deep.equal(results.summary);
    expect(first.body.units).to.deep.equal(results.units.slice(0, 100));
    const last = await request('GET', `/api/cycles/${YEAR}/runs/${runId}?offset=${UNITS - 50}&limit=100`, tokens.examiner!);
    expect(last.body.units).to.deep.equal(results.units.slice(UNITS - 50));
    expect((await request('GET', `/api/cycles/${YEAR}/runs/${runId}?limit=101`, tokens.examiner!)).status).to.equal(400);
  });

  it('gives one unit’s result alone; a unit the run did not score is 404, named', async () => {
    const code = results.units[123]!.code;
    const one = await request('GET', `/api/cycles/${YEAR}/runs/${runId}/units/${code}`, tokens.auditor!);
    expect(one.status, one.text.slice(0, 300)).to.equal(200);
    expect(one.body).to.deep.equal(results.units[123]);
    const missing = await request('GET', `/api/cycles/${YEAR}/runs/${runId}/units/620100`, tokens.auditor!);
    expect(missing.status).to.equal(404);
    expect(missing.body.message).to.equal(`评分 ${runId} 中的单位 620100不存在`);
  });

  it('a county’s clerk reads only its own unit of the finalised run: its row, its result, another’s refused', async () => {
    const own = codes[7]!;
    expect((await request('GET', `/api/cycles/${YEAR}/runs/${runId}/units/${own}`, tokens.county!)).status, 'a draft').to.equal(403);
    const final = await request('POST', `/api/cycles/${YEAR}/runs/${runId}/finalize`, tokens.examiner!, { version: 1 });
    expect(final.status, final.text).to.equal(200);
    const ranking = await request('GET', `/api/cycles/${YEAR}/runs/${runId}/ranking`, tokens.county!);
    expect(ranking.body.map((r: { code: string }) => r.code)).to.deep.equal([own]);
    const mine = await request('GET', `/api/cycles/${YEAR}/runs/${runId}/units/${own}`, tokens.county!);
    expect(mine.body).to.deep.equal(results.units.find((u) => u.code === own));
    const served = await request('GET', `/api/cycles/${YEAR}/runs/${runId}`, tokens.county!);
    expect(served.body.units.map((u: { code: string }) => u.code)).to.deep.equal([own]);
    const other = await request('GET', `/api/cycles/${YEAR}/runs/${runId}/units/${codes[8]!}`, tokens.county!);
    expect(other.status).to.equal(403);
  });

  describe('the audit bundle, streamed', () => {
    let reply: Reply;
    let dir: string;
    before(async () => {
      reply = await request('GET', `/api/cycles/${YEAR}/runs/${runId}/bundle`, tokens.auditor!);
      dir = mkdtempSync(path.join(os.tmpdir(), 'kaohe-run-scale-'));
    });
    after(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('is sent in chunks, without a length known in advance', () => {
      expect(reply.status, reply.text.slice(0, 300)).to.equal(200);
      expect(reply.headers.get('transfer-encoding')).to.equal('chunked');
      expect(reply.headers.get('content-length')).to.equal(null);
      expect(reply.text.endsWith('}\n')).to.equal(true);
    });

    it('rebuilds the run’s stored texts: their sha256 are the run’s inputsHash and resultsHash', async () => {
      const run = await stores.runs.summary(runId);
      const texts = runTexts(reply.body);
      expect(reply.body.units).to.have.length(UNITS);
      expect(sha256(texts.inputs)).to.equal(run!.inputsHash);
      expect(sha256(texts.results)).to.equal(run!.resultsHash);
    });

    it('kaohe audit replay reproduces it', async () => {
      const file = path.join(dir, 'bundle.json');
      writeFileSync(file, reply.text);
      const replay = await replayFromSource(file);
      expect(replay.status, `${replay.stdout}\n${replay.stderr}`.slice(0, 3000)).to.equal(0);
      expect(replay.stdout).to.include('审计包复核通过');
      expect(replay.stdout).to.include(`${UNITS} 个单位`);
    });
  });
});
