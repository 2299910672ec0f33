/**
 * The run pages' and the progress board's pure reads: a page of a ranking with each row's
 * place and whether its rank is shared (even with a row on the next page), a unit's
 * neighbours and ties, and a board filtered, sorted (absent values last) and counted.
 */
import { expect } from 'chai';
import { rankingPage, unitPlace } from '../../src/services/runs/ranking-page.js';
import { type ProgressLine, progressBoard } from '../../src/services/submissions/progress-board.js';
import type { RankingRow } from '../../src/services/runs/run-views.js';

/** 甲 1, 乙 2, 丙 2, 丁 4, 戊 5, 己 5, 庚 5: ties standing across page boundaries. */
const ROWS: RankingRow[] = (
  [
    ['620102', '城关区', 1],
    ['620103', '七里河区', 2],
    ['620104', '西固区', 2],
    ['620105', '安宁区', 4],
    ['620402', '白银区', 5],
    ['620403', '平川区', 5],
    ['620421', '靖远县', 5],
  ] as const
).map(([code, name, rank]) => ({ code, name, rank, total: 100 - rank, grade: '合格', vetoed: false, flags: [] }));

describe('services: the run pages’ and the progress board’s reads', () => {
  it('a page: rows placed in the whole ranking, a tie with a row on the next page marked', () => {
    const page = rankingPage(ROWS, { offset: 1, limit: 1 });
    expect(page.total).to.equal(7);
    expect(page.rows).to.have.length(1);
    expect(page.rows[0]).to.include({ code: '620103', position: 1, tied: true });
    expect(rankingPage(ROWS, { offset: 3, limit: 1 }).rows[0]).to.include({ code: '620105', tied: false });
  });

  it('a search by a part of the name or the start of the code, placed in the whole ranking; a middle of a code is no match', () => {
    expect(rankingPage(ROWS, { offset: 0, limit: 10, q: '河区' }).rows.map((r) => [r.code, r.position])).to.deep.equal([['620103', 1]]);
    const baiyin = rankingPage(ROWS, { offset: 1, limit: 10, q: '6204' });
    expect(baiyin.total).to.equal(3);
    expect(baiyin.rows.map((r) => r.position)).to.deep.equal([5, 6]);
    expect(rankingPage(ROWS, { offset: 0, limit: 10, q: '0402' }).total).to.equal(0);
    expect(rankingPage(ROWS, { offset: 0, limit: 10, q: '  ' }).total).to.equal(7);
  });

  it('a unit’s place: its neighbours, null at either end, and the units sharing its rank', () => {
    const pingchuan = unitPlace(ROWS, '620403')!;
    expect(pingchuan.row.position).to.equal(5);
    expect(pingchuan.previous?.code).to.equal('620402');
    expect(pingchuan.next?.code).to.equal('620421');
    expect(pingchuan.tiedWith.map((r) => r.code)).to.deep.equal(['620402', '620421']);
    expect(unitPlace(ROWS, '620102')?.previous).to.equal(null);
    expect(unitPlace(ROWS, '620102')?.tiedWith).to.deep.equal([]);
    expect(unitPlace(ROWS, '620421')?.next).to.equal(null);
    expect(unitPlace(ROWS, '620200')).to.equal(undefined);
  });

  const line = (unitCode: string, city: string, status: ProgressLine['status'], selfTotal?: number): ProgressLine => ({
    unitCode,
    unitName: `单位${unitCode}`,
    city: { code: city, name: `市${city}` },
    status,
    state: status === 'submitted' || status === 'final' ? 'submitted' : 'draft',
    version: status === 'empty' ? 0 : 1,
    missing: status === 'empty' ? 52 : 0,
    ...(selfTotal === undefined ? {} : { selfTotal }),
  });
  const LINES = [
    line('620103', '620100', 'draft'),
    line('620102', '620100', 'submitted', 80),
    line('620402', '620400', 'empty'),
    line('620421', '620400', 'submitted', 90),
  ];

  it('a board: filtered by status and city, the counts and cities of all lines, sorted with an absent self-total last either way', () => {
    const query = { sort: 'unitCode' as const, descending: false, offset: 0, limit: 10 };
    const all = progressBoard(LINES, query);
    expect(all.rows.map((l) => l.unitCode)).to.deep.equal(['620102', '620103', '620402', '620421']);
    expect(all.counts).to.deep.equal({ empty: 1, draft: 1, submitted: 2, reopened: 0, final: 0 });
    expect(all.cities).to.deep.equal([
      { code: '620100', name: '市620100', units: 2 },
      { code: '620400', name: '市620400', units: 2 },
    ]);
    const submittedInBaiyin = progressBoard(LINES, { ...query, status: 'submitted', city: '620400' });
    expect(submittedInBaiyin.rows.map((l) => l.unitCode)).to.deep.equal(['620421']);
    expect(submittedInBaiyin.counts.submitted).to.equal(2);
    for (const descending of [false, true]) {
      const sorted = progressBoard(LINES, { ...query, sort: 'selfTotal', descending }).rows.map((l) => l.selfTotal ?? null);
      expect(sorted).to.deep.equal(descending ? [90, 80, null, null] : [80, 90, null, null]);
    }
    expect(progressBoard(LINES, { ...query, sort: 'status', descending: false }).rows.map((l) => l.status)).to.deep.equal([
      'empty',
      'draft',
      'submitted',
      'submitted',
    ]);
  });
});
