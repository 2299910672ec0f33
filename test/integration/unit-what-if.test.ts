/**
 * What would it take, for a unit of a finalised run (real FerretDB): the answer the
 * command line gives for the same seeds, allowed to the unit's own city and to the office
 * roles, refused to another city before anything is computed, a bad goal named; the
 * editor's inputs name no other unit; and nothing is stored.
 */
import { expect } from 'chai';
import { type TestService, type TestUser, startService } from '../support/service.js';
import { described, runKaohe } from '../support/cli.js';
import { rankAmong } from '../../web/src/components/what-if/standing.js';
import { RUBRIC_110, cityUser, seededRun110 } from './what-if-run-support.js';

const LONGNAN = '621200';

describe('what would it take, for a unit of a run (real FerretDB)', function () {
  this.timeout(120_000);
  let service: TestService;
  let runId = '';
  let longnan: TestUser;
  const path = (unit: string, goal?: string) => `/api/cycles/2015/runs/${runId}/units/${unit}/what-if${goal === undefined ? '' : `?goal=${goal}`}`;

  before(async () => {
    service = await startService();
    runId = await seededRun110(service);
    longnan = await cityUser(service, LONGNAN);
  });
  after(() => service.close());

  it("gives 陇南市 its own answer, the command line's on the same seeds: 制造业产品质量合格率 87.2 → 90, +2.80, to 合格", async () => {
    const reply = await service.request('GET', path(LONGNAN), { user: longnan });
    expect(reply.status, reply.text).to.equal(200);
    expect(reply.body).to.deep.include({ runId, unit: { code: LONGNAN, name: '陇南市' }, goal: 'grade', target: '合格', units: 14, reached: true });
    expect(reply.body.before).to.deep.equal({ total: 57.67, rank: 12, grade: '不合格', flags: [{ code: 'BOTTOM3', label: '后三位' }] });
    expect(reply.body.after).to.deep.equal({ total: 60.47, rank: 12, grade: '合格', flags: [{ code: 'BOTTOM3', label: '后三位' }] });
    expect(reply.body.changes).to.deep.equal([
      {
        item: 'Q01.2',
        itemTitle: reply.body.changes[0].itemTitle,
        field: 'manufacturingPassRate',
        label: '制造业产品质量合格率',
        unit: '%',
        from: 87.2,
        to: 90,
        points: 2.8,
      },
    ]);
    // The command line on the seed files says the same.
    const cli = runKaohe(['analyse', 'what-if', '--unit', LONGNAN]);
    expect(cli.status, described(cli)).to.equal(0);
    expect(cli.stdout).to.match(/Q01\.2\s+制造业产品质量合格率\s+87\.2\s+90\s+\+2\.80/);
    expect(cli.stdout).to.include('改变后：60.47 分，第 12 名，合格，后三位');
  });

  it('answers the flag and places goals as the command line does, and says plainly when a goal is already met', async () => {
    const flag = await service.request('GET', path(LONGNAN, 'flag'), { user: longnan });
    expect(flag.status, flag.text).to.equal(200);
    expect(flag.body.flag).to.deep.equal({ code: 'BOTTOM3', label: '后三位' });
    const cli = runKaohe(['analyse', 'what-if', '--unit', LONGNAN, '--goal', 'flag']);
    expect(cli.status, described(cli)).to.equal(0);
    for (const c of flag.body.changes)
      expect(cli.stdout).to.match(new RegExp(`${c.item.replace('.', '\\.')}\\s+${c.label}\\s+${c.from}\\s+${c.to}\\s+\\+${c.points.toFixed(2)}`));
    expect(cli.stdout).to.include(`改变后：${flag.body.after.total.toFixed(2)} 分，第 ${flag.body.after.rank} 名，${flag.body.after.grade}`);
    expect(flag.body.after.flags).to.deep.equal([]);

    const lanzhou = await service.request('GET', path('620100'), { user: service.users.city });
    expect(lanzhou.status, lanzhou.text).to.equal(200);
    // 兰州市 already has the best result: no target, nothing to change.
    expect(lanzhou.body).to.deep.include({ reached: false, changes: [] });
    expect(lanzhou.body).not.to.have.property('target');
    const met = await service.request('GET', path('620100', 'flag'), { user: service.users.city });
    expect(met.body).to.deep.include({ reached: true, changes: [] });
    const places = await service.request('GET', path(LONGNAN, 'places:2'), { user: longnan });
    expect(places.status, places.text).to.equal(200);
    expect(places.body.after.rank).to.be.at.most(10);
  });

  it('lets the office roles ask about any unit, and refuses another city before computing anything', async () => {
    for (const role of ['examiner', 'admin', 'auditor'] as const) {
      const reply = await service.request('GET', path(LONGNAN), { user: service.users[role] });
      expect(reply.status, `${role}: ${reply.text}`).to.equal(200);
      expect(reply.body.changes[0].to).to.equal(90);
    }
    for (const [who, unit] of [
      [service.users.city, LONGNAN],
      [longnan, '620100'],
    ] as const) {
      const what = await service.request('GET', path(unit), { user: who });
      expect(what.status, what.text).to.equal(403);
      expect(what.body.message).to.include('只能查看本单位');
      const inputs = await service.request('GET', `${path(unit)}/inputs`, { user: who });
      expect(inputs.status, inputs.text).to.equal(403);
    }
    expect((await service.request('GET', path(LONGNAN))).status).to.equal(401);
  });

  it('refuses a goal it does not know with a 400 naming the goal', async () => {
    for (const goal of ['best', 'places:0', 'places:x', 'places:1000']) {
      const reply = await service.request('GET', path(LONGNAN, goal), { user: longnan });
      expect(reply.status, `${goal}: ${reply.text}`).to.equal(400);
      expect(reply.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['$.query.goal']);
      expect(reply.body.errors[0].message).to.include('goal 应为 grade');
    }
  });

  it("gives the editor the unit's scored evidence and the other units' totals without their names, and stores nothing", async () => {
    const before = await service.request('GET', `/api/cycles/2015/submissions/${LONGNAN}`, { user: longnan });
    const reply = await service.request('GET', `${path(LONGNAN)}/inputs`, { user: longnan });
    expect(reply.status, reply.text).to.equal(200);
    expect(reply.body.evidence.unit).to.deep.equal({ code: LONGNAN, name: '陇南市' });
    expect(reply.body.evidence.items['Q01.2'].values).to.deep.equal({ manufacturingPassRate: 87.2 });
    expect(reply.body.published).to.deep.equal({ total: 57.67, rank: 12, grade: '不合格', vetoed: false, flags: [{ code: 'BOTTOM3', label: '后三位' }] });
    expect(reply.body.others).to.have.length(13);
    expect(reply.body.others[0]).to.deep.equal({ total: 93.38, vetoed: false, tieBreak: [] });
    // No other unit's code or name anywhere in what a city receives.
    for (const code of ['620100', '620200', '620300', '622900', '623000']) expect(reply.text).not.to.include(code);
    expect(reply.text).not.to.include('兰州市');

    const after = await service.request('GET', `/api/cycles/2015/submissions/${LONGNAN}`, { user: longnan });
    expect(after.body).to.deep.equal(before.body);
    const runs = await service.request('GET', '/api/cycles/2015/runs', { user: service.users.examiner });
    expect(runs.body).to.have.length(1);
  });

  it('answers other requests while a search runs (it runs in a worker thread)', async () => {
    const order: string[] = [];
    const search = service.request('GET', path('623000'), { user: service.users.examiner }).then((r) => order.push(`what-if ${r.status}`));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const health = service.request('GET', '/api/health').then((r) => order.push(`health ${r.status}`));
    await Promise.all([search, health]);
    expect(order).to.deep.equal(['health 200', 'what-if 200']);
  });

  it("gives the editor what ranks every unit as the run did: each unit's published total among the others' gives its published rank and flags", async () => {
    const ranking = (await service.request('GET', `/api/cycles/2015/runs/${runId}/ranking`, { user: service.users.examiner })).body as { code: string }[];
    expect(ranking).to.have.length(14);
    for (const { code } of ranking) {
      const { body } = await service.request('GET', `${path(code)}/inputs`, { user: service.users.examiner });
      const { published, others } = body;
      const ranked = rankAmong(RUBRIC_110, { total: published.total, vetoed: published.vetoed, tieBreak: [] }, others);
      expect({ rank: ranked.rank, flags: ranked.flags }, code).to.deep.equal({ rank: published.rank, flags: published.flags });
    }
    // A total equal to another's shares its rank (competition ranking: 1, 2, 2, 4).
    const tied = rankAmong(RUBRIC_110, { total: 66.3, vetoed: false, tieBreak: [] }, [
      { total: 93.38, vetoed: false, tieBreak: [] },
      { total: 66.3, vetoed: false, tieBreak: [] },
      { total: 50, vetoed: false, tieBreak: [] },
    ]);
    expect(tied).to.deep.include({ rank: 2, sharedBy: 2, units: 4 });
  });

  it('refuses a city a draft run, and names a unit the run does not have', async () => {
    const draft = await service.request('POST', '/api/cycles/2015/runs', { user: service.users.examiner });
    expect(draft.status, draft.text).to.equal(201);
    const draftPath = `/api/cycles/2015/runs/${(draft.body as { runId: string }).runId}/units/${LONGNAN}/what-if`;
    expect((await service.request('GET', draftPath, { user: longnan })).status).to.equal(403);
    expect((await service.request('GET', draftPath, { user: service.users.examiner })).status).to.equal(200);
    const none = await service.request('GET', path('620101'), { user: service.users.examiner });
    expect(none.status, none.text).to.equal(404);
  });
});
