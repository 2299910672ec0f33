/**
 * Audit bundles exported from the database (GET /api/cycles/:cycle/runs/:run/bundle and
 * exportBundle): the evaluator's file holds exactly what the database holds, and the
 * run's stored texts and hashes can be rebuilt from it. Real FerretDB, real HTTP.
 */
import { expect } from 'chai';
import { type BundleV1, bundleParts, bundleSchema, replayBundle, runTexts } from '../../src/audit/index.js';
import { contentHash, sha256 } from '../../src/core/index.js';
import { exportBundle } from '../../src/services/audit/bundles.js';
import { initialUnitTree } from '../../src/adapters/files/bootstrap-data.js';
import { ServiceError } from '../../src/services/errors.js';
import type { TestService } from '../support/service.js';
import { FINAL_RUN, SUBMITTING_UNITS, finalize, makeRun, seedCycle } from './bundle-support.js';
import { CALLERS, type Caller, YEAR, as, startServiceWithDatabase } from './review-run-support.js';

const bundlePath = (run: string, year = YEAR) => `/api/cycles/${year}/runs/${run}/bundle`;
const UNITS_IN_REGISTER = 14;

describe('audit bundles: GET …/runs/:run/bundle and exportBundle (real FerretDB, real HTTP)', function () {
  this.timeout(60_000);
  let service: TestService;
  /** What exporting without a run id said while the only run was a draft. */
  let noFinalRun: unknown;
  const DRAFT_RUN = '2015-2';

  before(async () => {
    ({ service } = await startServiceWithDatabase());
    await seedCycle(service);
    await makeRun(service);
    noFinalRun = await exportBundle(
      service.stores,
      initialUnitTree().tree,
      { year: YEAR },
      { by: 'test', at: '2016-04-01T00:00:00.000Z', engineVersion: 'test' },
    ).catch((e: unknown) => e);
    await finalize(service, FINAL_RUN);
    service.clock.set('2016-04-20T08:00:00.000Z');
    expect(await makeRun(service)).to.equal(DRAFT_RUN);
  });
  after(async () => {
    await service.close();
  });

  describe('who may export', () => {
    const expected: Record<Caller, number> = { examiner: 200, admin: 200, auditor: 200, city: 403, otherCity: 403, anonymous: 401 };
    for (const caller of CALLERS) {
      it(`${caller} → ${expected[caller]}`, async () => {
        const reply = await service.request('GET', bundlePath(FINAL_RUN), as(service, caller));
        expect(reply.status, reply.text.slice(0, 300)).to.equal(expected[caller]);
        if (expected[caller] === 403) {
          expect(reply.body.code).to.equal('forbidden');
          expect(reply.body.message).to.match(/[\u4e00-\u9fff]/);
        }
      });
    }
  });

  describe('the bundle of the finalised run, as an auditor downloads it', () => {
    let reply: Awaited<ReturnType<TestService['request']>>;
    before(async () => {
      reply = await service.request('GET', bundlePath(FINAL_RUN), { user: service.users.auditor });
      expect(reply.status, reply.text.slice(0, 300)).to.equal(200);
    });

    it('is a JSON file saved as kaohe-bundle-<year>-<run>.json', () => {
      expect(reply.headers.get('content-type')).to.match(/^application\/json/);
      expect(reply.headers.get('content-disposition')).to.equal(`attachment; filename="kaohe-bundle-${YEAR}-${FINAL_RUN}.json"`);
    });

    it('fits the bundle/v1 schema, made by the service, by whom and when', () => {
      const parsed = bundleSchema.safeParse(reply.body);
      expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).to.equal(true);
      expect(reply.body.kaohe).to.equal('bundle/v1');
      expect(reply.body.manifest).to.deep.include({
        engine: { name: 'kaohe', version: 'test' },
        year: YEAR,
        source: 'service',
        createdBy: 'auditor',
        createdAt: '2016-04-20T08:00:00.000Z',
      });
    });

    it('rebuilds the run’s stored inputs and results byte for byte: their sha256 are the run’s inputsHash and resultsHash', async () => {
      const run = await service.stores.runs.get(FINAL_RUN);
      const texts = runTexts(reply.body);
      expect(texts.inputs).to.equal(run?.inputs);
      expect(texts.results).to.equal(run?.results);
      expect(sha256(texts.inputs)).to.equal(run?.inputsHash);
      expect(sha256(texts.results)).to.equal(run?.resultsHash);
    });

    it('carries the run as stored, less its texts, and the rubric as published (its content hash is the run’s)', async () => {
      const {
        inputs: _i,
        results: _r,
        ...stored
      } = (await service.stores.runs.get(FINAL_RUN)) as NonNullable<Awaited<ReturnType<typeof service.stores.runs.get>>>;
      expect(reply.body.run).to.deep.equal(stored);
      expect(reply.body.run.status).to.equal('final');
      expect(contentHash(reply.body.rubric)).to.equal(stored.rubricHash);
      expect(reply.body.results.rubric.hash).to.equal(stored.rubricHash);
    });

    it('lists every unit of the register in code order, each with its stored submission, review and materials', async () => {
      const codes = reply.body.units.map((u: { code: string }) => u.code);
      expect(codes).to.have.length(UNITS_IN_REGISTER);
      expect(codes).to.deep.equal([...codes].sort());
      for (const unit of reply.body.units) {
        expect(unit.evidence.unit.code).to.equal(unit.code);
        expect(unit.submission).to.deep.equal(await service.stores.submissions.get({ year: YEAR }, unit.code));
        expect(unit.review).to.deep.equal(await service.stores.reviews.get({ year: YEAR }, unit.code));
        expect(unit.materials).to.deep.equal(await service.stores.materials.list({ year: YEAR }, unit.code));
      }
      const withSubmission = reply.body.units.filter((u: { submission: unknown }) => u.submission !== null).map((u: { code: string }) => u.code);
      expect(withSubmission).to.deep.equal(SUBMITTING_UNITS);
      const lanzhou = reply.body.units.find((u: { code: string }) => u.code === '620100');
      expect(lanzhou.materials).to.have.length(1);
      expect(lanzhou.materials[0]).to.include({ originalName: '兰州市质量工作报告.pdf', itemCode: 'G10.1' });
    });

    it('carries the whole audit chain in order, up to the export', async () => {
      const chain = await service.stores.audit.all();
      expect(reply.body.audit).to.deep.equal(chain);
      expect(reply.body.audit.map((e: { seq: number }) => e.seq)).to.deep.equal(chain.map((_, i) => i + 1));
    });

    it('its manifest hashes every part as it stands', () => {
      const parts = Object.fromEntries([...bundleParts(reply.body)].map(([name, value]) => [name, contentHash(value)]));
      expect(reply.body.manifest.parts).to.deep.equal(parts);
      expect(Object.keys(parts)).to.include.members(['rubric', 'results', 'run', 'audit', 'notes', 'units/620100/evidence', 'units/623000/materials']);
    });
  });

  describe('which run', () => {
    it('a draft can be exported by naming it', async () => {
      const reply = await service.request('GET', bundlePath(DRAFT_RUN), { user: service.users.examiner });
      expect(reply.status, reply.text.slice(0, 300)).to.equal(200);
      expect(reply.body.run).to.include({ runId: DRAFT_RUN, status: 'draft' });
      const run = await service.stores.runs.get(DRAFT_RUN);
      expect(sha256(runTexts(reply.body).results)).to.equal(run?.resultsHash);
    });

    it('without a run id: the latest finalised run, not the newer draft', async () => {
      const bundle = await exportBundle(
        service.stores,
        initialUnitTree().tree,
        { year: YEAR },
        { by: 'cli', at: '2016-04-21T00:00:00.000Z', engineVersion: 'test' },
      );
      expect(bundle.run).to.include({ runId: FINAL_RUN, status: 'final' });
      expect(bundle.manifest).to.include({ createdBy: 'cli', createdAt: '2016-04-21T00:00:00.000Z' });
    });

    it('without a run id while no run is final: a not-found error in Chinese saying to name one', () => {
      expect(noFinalRun).to.be.instanceOf(ServiceError);
      expect(noFinalRun).to.include({ code: 'not_found' });
      expect((noFinalRun as Error).message).to.include('没有定稿的评分');
    });

    const missing: [string, string, string][] = [
      ['a run that does not exist', bundlePath('2015-9'), '2015-9'],
      ['a run of another year under this one', bundlePath('2014-1'), '2014-1'],
      ['a year without a cycle', bundlePath('2016-1', 2016), '2016 年度考核周期不存在'],
    ];
    for (const [what, path, says] of missing) {
      it(`${what} → 404 saying what is missing`, async () => {
        const reply = await service.request('GET', path, { user: service.users.auditor });
        expect(reply.status, reply.text).to.equal(404);
        expect(reply.body.code).to.equal('not_found');
        expect(reply.body.message).to.include(says);
      });
    }

    for (const bad of ['run-1', '2015-0', '15-1']) {
      it(`a malformed run id (${bad}) → 400 naming the parameter`, async () => {
        const reply = await service.request('GET', bundlePath(bad), { user: service.users.auditor });
        expect(reply.status, reply.text).to.equal(400);
        expect(reply.body.errors[0].path).to.equal('$.params.run');
      });
    }

    it('a query parameter is refused rather than ignored', async () => {
      const reply = await service.request('GET', `${bundlePath(FINAL_RUN)}?units=620100`, { user: service.users.auditor });
      expect(reply.status, reply.text).to.equal(400);
    });
  });

  describe('replayed offline (replayBundle), with an auditor note in it', () => {
    let bundle: BundleV1;
    const problemsOf = (b: unknown) => replayBundle(b).problems.map((p) => `${p.part} ${p.kind} ${p.message}`);
    before(async () => {
      const note = await service.request('POST', `/api/cycles/${YEAR}/units/620100/notes`, {
        user: service.users.auditor,
        body: { itemCode: 'G10.1', runId: FINAL_RUN, verdict: 'disagree', reason: '抽查发现覆盖率记录不完整。' },
      });
      expect(note.status, note.text).to.equal(201);
      const reply = await service.request('GET', bundlePath(FINAL_RUN), { user: service.users.auditor });
      expect(reply.status).to.equal(200);
      bundle = reply.body;
      expect(bundle.notes).to.have.length(1);
    });

    it('the bundle as exported replays clean', () => {
      const report = replayBundle(bundle);
      expect(report.ok, problemsOf(bundle).slice(0, 5).join('\n')).to.equal(true);
      expect(report.units).to.equal(UNITS_IN_REGISTER);
    });

    it('one audit entry removed: not ok, and a problem names the audit part', () => {
      const cut = structuredClone(bundle) as unknown as { audit: unknown[] };
      cut.audit.splice(3, 1);
      const report = replayBundle(cut);
      expect(report.ok).to.equal(false);
      expect(
        report.problems.map((p) => p.part),
        problemsOf(cut).join('\n'),
      ).to.include('audit');
    });

    it('one evidence value changed: not ok, and a problem names that unit’s evidence', () => {
      const changed = structuredClone(bundle) as unknown as {
        units: { code: string; evidence: { items: Record<string, { values?: Record<string, unknown> }> } }[];
      };
      const lanzhou = changed.units.find((u) => u.code === '620100');
      const values = lanzhou?.evidence.items['G10.1']?.values;
      if (!values) throw new Error('兰州市 has no G10.1 values in its evidence');
      values.supervisionCoverage = Number(values.supervisionCoverage) === 90 ? 91 : 90;
      const report = replayBundle(changed);
      expect(report.ok).to.equal(false);
      expect(
        report.problems.map((p) => p.part),
        problemsOf(changed).join('\n'),
      ).to.include('units/620100/evidence');
    });
  });

  it('is described in the OpenAPI document, with the roles that may call it', async () => {
    const doc = await service.request('GET', '/api/openapi.json');
    const operation = doc.body.paths['/api/cycles/{cycle}/runs/{run}/bundle']?.get;
    expect(operation?.['x-kaohe-roles']).to.deep.equal(['examiner', 'auditor', 'admin']);
    expect(operation?.responses['200'].content['application/json'].schema.properties).to.include.keys('kaohe', 'manifest', 'units', 'audit', 'notes');
  });
});
