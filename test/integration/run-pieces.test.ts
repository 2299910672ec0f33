/**
 * A run's texts stored in pieces (run_frames, run_unit_chunks) and the streamed bundle, on the
 * seeded 14-unit run: the bundle sent is byte for byte the one exportBundle makes in
 * memory, also for runs stored before pieces (their texts in the run, or in run_texts);
 * pieces no run names are invisible and swept. Real FerretDB, real HTTP.
 */
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { mongoStores } from '../../src/adapters/mongo/stores.js';
import { chunkStartsOf } from '../../src/adapters/mongo/run-piece-store.js';
import { exportBundle } from '../../src/services/audit/bundles.js';
import { initialUnitTree } from '../../src/adapters/files/bootstrap-data.js';
import type { TestService } from '../support/service.js';
import { FINAL_RUN, finalize, makeRun, seedCycle } from './bundle-support.js';
import { YEAR, startServiceWithDatabase } from './review-run-support.js';

const bundlePath = `/api/cycles/${YEAR}/runs/${FINAL_RUN}/bundle`;
const HOUR = 60 * 60_000;

describe('run pieces and the streamed bundle of the seeded run (real FerretDB, real HTTP)', function () {
  this.timeout(120_000);
  let service: TestService;
  let connection: Connection;
  /** The bundle as exportBundle makes it in memory, from the run as the store joins it back, as text. */
  let inMemory: string;

  before(async () => {
    ({ service, connection } = await startServiceWithDatabase());
    await seedCycle(service);
    await makeRun(service);
    await finalize(service, FINAL_RUN);
    service.clock.set('2016-04-20T08:00:00.000Z');
    const bundle = await exportBundle(
      service.stores,
      initialUnitTree().tree,
      { year: YEAR },
      { runId: FINAL_RUN, by: 'auditor', at: '2016-04-20T08:00:00.000Z', engineVersion: 'test' },
    );
    inMemory = `${JSON.stringify(bundle)}\n`;
  });
  after(async () => {
    await service.close();
  });

  const download = async () => {
    const reply = await service.request('GET', bundlePath, { user: service.users.auditor });
    expect(reply.status, reply.text.slice(0, 300)).to.equal(200);
    return reply;
  };

  it("stores the run in pieces: the run document holds no texts, its 14 units' evidence in one chunk in unit order, their results in one in rank order", async () => {
    const db = connection.db!;
    const run = await db.collection('runs').findOne({ runId: FINAL_RUN });
    expect(run).to.not.have.property('inputs');
    expect(run).to.not.have.property('results');
    expect(run).to.not.have.property('textsId');
    const frame = await db.collection('run_frames').findOne({ _id: run?.piecesId });
    expect(frame?.evidenceStarts).to.deep.equal([0]);
    expect(frame?.resultStarts).to.deep.equal([0]);
    expect(frame).to.not.have.property('chunkStarts');
    const evidence = await db.collection('run_unit_chunks').findOne({ _id: `${String(run?.piecesId)}#e0` as never });
    const results = await db.collection('run_unit_chunks').findOne({ _id: `${String(run?.piecesId)}#r0` as never });
    const stored = JSON.parse((await service.stores.runs.get(FINAL_RUN))!.results) as { units: { code: string }[] };
    expect((evidence?.evidence as string[]).map((e) => (JSON.parse(e) as { unit: { code: string } }).unit.code)).to.deep.equal(frame?.inputCodes);
    expect(evidence).to.not.have.property('result');
    expect(results?.result).to.deep.equal(stored.units.map((u) => JSON.stringify(u)));
    expect(results).to.not.have.property('evidence');
    expect(await db.collection('run_unit_chunks').countDocuments()).to.equal(2);
    expect(await db.collection('run_units').countDocuments()).to.equal(0);
    expect(await db.collection('run_texts').countDocuments()).to.equal(0);
    expect((await download()).text).to.equal(inMemory);
  });

  it('cuts chunks at 64 units or 4 MB of text, whichever comes first', () => {
    expect(chunkStartsOf(Array.from({ length: 150 }, () => 10))).to.deep.equal([0, 64, 128]);
    expect(chunkStartsOf(Array.from({ length: 5 }, () => 1_500_000))).to.deep.equal([0, 2, 4]);
    // A unit larger than a chunk's budget is a chunk of its own.
    expect(chunkStartsOf([10, 5_000_000, 10])).to.deep.equal([0, 1, 2]);
    expect(chunkStartsOf([])).to.deep.equal([]);
  });

  it('a run stored in one series of chunks holding both texts in unit order (before two series) reads, ranks and exports the same', async () => {
    const db = connection.db!;
    const before = await service.stores.runs.get(FINAL_RUN);
    // Read through the store, not the service: the service keeps the run's pieces it read, and they never change form under it.
    const { ranking } = (await service.stores.runs.pieces(FINAL_RUN))!.frame;
    const run = await db.collection('runs').findOne({ runId: FINAL_RUN });
    const piecesId = String(run?.piecesId);
    const frame = await db.collection('run_frames').findOne({ _id: piecesId as never });
    const evidence = (await db.collection('run_unit_chunks').findOne({ _id: `${piecesId}#e0` as never }))?.evidence as string[];
    const rankedResults = (await db.collection('run_unit_chunks').findOne({ _id: `${piecesId}#r0` as never }))?.result as string[];
    const resultOf = new Map(rankedResults.map((r) => [(JSON.parse(r) as { code: string }).code, r]));
    // As that form was written: one document of the units in unit order, each with its evidence and result.
    await db
      .collection('run_unit_chunks')
      .insertOne({ _id: `${piecesId}#0` as never, evidence, result: (frame?.inputCodes as string[]).map((code) => resultOf.get(code)) });
    await db.collection('run_frames').updateOne({ _id: piecesId as never }, { $set: { chunkStarts: [0] }, $unset: { evidenceStarts: '', resultStarts: '' } });
    await db.collection('run_unit_chunks').deleteMany({ _id: { $in: [`${piecesId}#e0`, `${piecesId}#r0`] as never[] } });
    // A fresh process (no frame kept from before) reads the older form.
    const fresh = await mongoStores(connection);
    expect(await fresh.runs.get(FINAL_RUN)).to.deep.equal(before);
    const pieces = await fresh.runs.pieces(FINAL_RUN);
    expect(pieces?.frame.ranking).to.deep.equal(ranking);
    const stored = JSON.parse(before!.results) as { units: { code: string }[] };
    expect(await pieces!.results(['620200', '620100'])).to.deep.equal(
      ['620200', '620100'].map((code) => JSON.stringify(stored.units.find((u) => u.code === code))),
    );
    expect(await pieces!.evidence(['620200'])).to.deep.equal([evidence[(frame?.inputCodes as string[]).indexOf('620200')]]);
    expect((await download()).text).to.equal(inMemory);
  });

  it('a run stored with a document per unit (before chunks) reads, ranks and exports the same', async () => {
    const db = connection.db!;
    const before = await service.stores.runs.get(FINAL_RUN);
    const run = await db.collection('runs').findOne({ runId: FINAL_RUN });
    const piecesId = String(run?.piecesId);
    const frame = await db.collection('run_frames').findOne({ _id: piecesId as never });
    const chunk = await db.collection('run_unit_chunks').findOne({ _id: `${piecesId}#0` as never });
    const codes = frame?.inputCodes as string[];
    await db
      .collection('run_units')
      .insertMany(codes.map((code, i) => ({ _id: `${piecesId}/${code}` as never, evidence: chunk?.evidence[i], result: chunk?.result[i] })));
    await db.collection('run_frames').updateOne({ _id: piecesId as never }, { $unset: { chunkStarts: '' } });
    await db.collection('run_unit_chunks').deleteOne({ _id: `${piecesId}#0` as never });
    // A fresh process (no frame kept from before) reads the older form.
    const fresh = await mongoStores(connection);
    expect(await fresh.runs.get(FINAL_RUN)).to.deep.equal(before);
    const pieces = await fresh.runs.pieces(FINAL_RUN);
    expect((await pieces!.results(['620200']))[0]).to.equal(
      JSON.stringify(JSON.parse(before!.results).units.find((u: { code: string }) => u.code === '620200')),
    );
  });

  it('sends the bundle in chunks, byte for byte the bundle made in memory', async () => {
    const reply = await download();
    expect(reply.headers.get('transfer-encoding')).to.equal('chunked');
    expect(reply.text).to.equal(inMemory);
  });

  it('a run stored with its texts in run_texts (before pieces) reads, ranks and exports the same', async () => {
    const before = await service.stores.runs.get(FINAL_RUN);
    const ranking = await service.request('GET', `/api/cycles/${YEAR}/runs/${FINAL_RUN}/ranking`, { user: service.users.examiner });
    const db = connection.db!;
    const { insertedId } = await db.collection('run_texts').insertOne({ runId: FINAL_RUN, inputs: before!.inputs, results: before!.results });
    await db.collection('runs').updateOne({ runId: FINAL_RUN }, { $set: { textsId: insertedId }, $unset: { piecesId: '' } });
    expect(await service.stores.runs.get(FINAL_RUN)).to.deep.equal(before);
    expect((await download()).text).to.equal(inMemory);
    const unit = await service.request('GET', `/api/cycles/${YEAR}/runs/${FINAL_RUN}/units/620200`, { user: service.users.examiner });
    expect(unit.body).to.deep.equal(JSON.parse(before!.results).units.find((u: { code: string }) => u.code === '620200'));
    // A fresh process (no cached frame) ranks it from the whole texts.
    const fresh = await mongoStores(connection);
    expect((await fresh.runs.pieces(FINAL_RUN))?.frame.ranking).to.deep.equal(ranking.body);
  });

  it('a run stored with its texts inside it (before run_texts) exports the same', async () => {
    const before = await service.stores.runs.get(FINAL_RUN);
    await connection
      .db!.collection('runs')
      .updateOne({ runId: FINAL_RUN }, { $set: { inputs: before!.inputs, results: before!.results }, $unset: { textsId: '' } });
    expect((await download()).text).to.equal(inMemory);
  });

  it('pieces whose run was never written are never read, and are swept at start-up once an hour old', async () => {
    const db = connection.db!;
    const createdAt = (ago: number) => new Date(Date.now() - ago).toISOString();
    // As a process that died after writing its pieces, before its run (2015-9), and one still writing (2015-10).
    await db.collection('run_frames').insertMany([
      {
        _id: 'stray' as never,
        runId: `${YEAR}-9`,
        resultsHead: '{"units":',
        resultsTail: '}',
        inputCodes: ['620100'],
        ranking: '[]',
        createdAt: createdAt(2 * HOUR),
      },
      {
        _id: 'writing' as never,
        runId: `${YEAR}-10`,
        resultsHead: '{"units":',
        resultsTail: '}',
        inputCodes: ['620100'],
        ranking: '[]',
        createdAt: createdAt(60_000),
      },
    ]);
    await db.collection('run_units').insertMany([
      { _id: 'stray/620100' as never, evidence: '{}', result: '{}' },
      { _id: 'writing/620100' as never, evidence: '{}', result: '{}' },
    ]);
    expect(await service.stores.runs.get(`${YEAR}-9`)).to.equal(null);
    expect((await service.stores.runs.summaries({ year: YEAR })).map((r) => r.runId)).to.deep.equal([FINAL_RUN]);
    const unitsBefore = await db.collection('run_units').countDocuments();

    await mongoStores(connection);
    expect(await db.collection('run_frames').findOne({ _id: 'stray' as never })).to.equal(null);
    expect(await db.collection('run_units').findOne({ _id: 'stray/620100' as never })).to.equal(null);
    expect(await db.collection('run_frames').findOne({ _id: 'writing' as never })).to.not.equal(null);
    expect(await db.collection('run_units').countDocuments()).to.equal(unitsBefore - 1);
  });
});
