/**
 * Targets in the workbooks, on gansu-2015 1.1.0 with 兰州市's seeded draft: the city's evidence
 * template and the examiners' field sheet show, read-only beside Q04.1 and G05.1, the target
 * the value will be compared with (approved, with when it was filed and approved), or that it
 * awaits approval or was never filed. Written to real .xlsx bytes and read back, both import
 * exactly as before: a target is never evidence, so its row is passed by, even when someone
 * typed into it. The service's template and field sheet read the unit's filing; a template made
 * from an evidence file shows the file's approved targets.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { readWorkbook } from '../../src/adapters/xlsx/read-workbook.js';
import { xlsxWorkbookFiles } from '../../src/adapters/xlsx/workbook-files.js';
import { type Rubric, parseRubric } from '../../src/core/index.js';
import { type FiledTargets, splitEvidence } from '../../src/records/index.js';
import { COLUMNS, COVER_SHEET, EVIDENCE_SHEET } from '../../src/spreadsheet/contract.js';
import { importEvidence } from '../../src/spreadsheet/evidence-import.js';
import { evidenceTemplate } from '../../src/spreadsheet/evidence-template.js';
import { REVIEW_COLUMNS } from '../../src/spreadsheet/review-contract.js';
import { importReviewSheet } from '../../src/spreadsheet/review-import.js';
import { reviewSheet } from '../../src/spreadsheet/review-sheet.js';
import type { LayoutSheet, WorkbookLayout } from '../../src/spreadsheet/workbook-layout.js';
import type { WorkbookRead } from '../../src/spreadsheet/workbook-read.js';
import { fromRoot } from '../support/paths.js';
import { type TestService, startService } from '../support/service.js';
import { templateFromFiles } from '../../src/cli/evidence-template-files.js';
import { contentHash } from '../../src/core/index.js';
import { inDocumentOrder } from '../support/workbook-read.js';

const rubric: Rubric = parseRubric(JSON.parse(readFileSync(fromRoot('rubrics', 'gansu-2015-1.1.0.json'), 'utf8')));
const seed = JSON.parse(readFileSync(fromRoot('seeds', 'evidence', '2015-1.1.0', '620100.json'), 'utf8'));
const draft = inDocumentOrder(splitEvidence(rubric, seed.items).submitted);
const UNIT = { code: '620100', name: '兰州市' };
const DEADLINE = '2016-03-31T23:59:59+08:00';

/** Q04.1's target approved, G05.1's filed and awaiting the examiners. */
const FILING: FiledTargets = {
  'Q04.1': {
    goodAirDaysTarget: {
      value: 72,
      state: 'approved',
      filedAt: '2015-03-10T10:00:00+08:00',
      filedBy: 'lanzhou',
      decidedAt: '2015-03-31T16:00:00+08:00',
      decidedBy: 'examiner',
    },
  },
  'G05.1': { cqoTarget: { value: 12, state: 'filed', filedAt: '2015-03-20T01:00:00+08:00', filedBy: 'lanzhou' } },
};

const template = (targets?: FiledTargets): WorkbookLayout =>
  evidenceTemplate({
    rubric,
    unit: UNIT,
    cycle: { year: 2015, deadline: DEADLINE },
    draft: { items: draft, selfTotal: seed.selfTotal, version: 3 },
    contact: '考核组 张三 0931-1234567',
    ...(targets === undefined ? {} : { targets }),
  });

const field = (targets?: FiledTargets): WorkbookLayout =>
  reviewSheet({
    rubric,
    cycle: { year: 2015, deadline: DEADLINE },
    units: [
      {
        unit: UNIT,
        submission: { items: draft, version: 3, submitted: true },
        review: { items: {}, version: 0 },
        ...(targets === undefined ? {} : { targets }),
      },
    ],
    contact: '考核组',
  });

const sheetOf = (layout: WorkbookLayout, name: string): LayoutSheet => layout.sheets.find((s) => s.name === name) ?? expect.fail(`no sheet ${name}`);

/** The rows of a sheet as the columns' texts, by row number. */
function rowsOf(sheet: LayoutSheet): Map<number, Record<string, unknown>> {
  const rows = new Map<number, Record<string, unknown>>();
  for (const [a1, cell] of Object.entries(sheet.cells)) {
    const [, column, row] = /^([A-Z]+)(\d+)$/.exec(a1) ?? [];
    const r = rows.get(Number(row)) ?? {};
    r[column as string] = cell;
    rows.set(Number(row), r);
  }
  return rows;
}

/** The row right under a checkpoint's row (column A `checkpoint|code`), with its cells by column letter. */
function rowUnder(sheet: LayoutSheet, code: string, rowIdColumn: string) {
  const rows = rowsOf(sheet);
  const at = [...rows].find(([, r]) => (r[rowIdColumn] as { value?: unknown } | undefined)?.value === `checkpoint|${code}`)?.[0];
  if (at === undefined) expect.fail(`no checkpoint ${code}`);
  return (rows.get(at + 1) ?? {}) as Record<string, { value: unknown; unlocked?: boolean; validation?: unknown } | undefined>;
}

async function written(layout: WorkbookLayout): Promise<WorkbookRead> {
  const read = await readWorkbook(await xlsxWorkbookFiles.write(layout));
  if (!read.ok) expect.fail(read.reason);
  return read.workbook;
}

describe('targets in the workbooks (gansu-2015 1.1.0, 兰州市)', () => {
  it('the evidence template shows each target read-only under its checkpoint, before the fields the unit fills', () => {
    const evidence = sheetOf(template(FILING), EVIDENCE_SHEET);
    const q04 = rowUnder(evidence, 'Q04.1', COLUMNS.rowId);
    expect(q04[COLUMNS.rowId]).to.equal(undefined);
    expect(q04[COLUMNS.title]?.value).to.equal('优良天数比例目标（已备案）');
    expect(q04[COLUMNS.unitAndRange]?.value).to.equal('目标备案值，只读');
    expect(q04[COLUMNS.value]?.value).to.equal('72%（2015-03-10 备案，2015-03-31 省考核组批准）');
    expect(q04[COLUMNS.value]?.unlocked).to.equal(undefined);
    expect(q04[COLUMNS.value]?.validation).to.equal(undefined);
    expect(rowUnder(evidence, 'G05.1', COLUMNS.rowId)[COLUMNS.value]?.value).to.equal('12家（2015-03-20 备案，待审核，尚未批准）');

    const cover = Object.values(sheetOf(template(FILING), COVER_SHEET).cells).map((c) => String(c.value));
    expect(cover.filter((t) => t.includes('“单位及范围”为“目标备案值，只读”的行是本单位的目标备案'))).to.have.length(1);

    const returned: FiledTargets = {
      'G05.1': { cqoTarget: { value: 12, state: 'returned', filedAt: '2015-03-20T01:00:00+08:00', filedBy: 'lanzhou', reason: '与企业名录不符' } },
    };
    expect(rowUnder(sheetOf(template(returned), EVIDENCE_SHEET), 'G05.1', COLUMNS.rowId)[COLUMNS.value]?.value).to.equal(
      '12家（2015-03-20 备案，已退回，尚未批准；退回理由：与企业名录不符）',
    );

    const unfiled = sheetOf(template(), EVIDENCE_SHEET);
    expect(rowUnder(unfiled, 'Q04.1', COLUMNS.rowId)[COLUMNS.value]?.value).to.equal('未备案');
  });

  it('a filled template with the target rows imports to the same draft as before, and ignores a value typed over a target', async () => {
    const workbook = await written(template(FILING));
    const expected = { year: 2015, unit: UNIT, rubricHash: rubric.hash };
    const result = importEvidence(workbook, rubric, expected);
    if (!result.ok) expect.fail(JSON.stringify(result.problems));
    expect(JSON.stringify(result.items)).to.equal(JSON.stringify(draft));
    expect(result.selfTotal).to.equal(seed.selfTotal);

    // Someone unprotected the sheet and typed a target of their own: it is not evidence, and not refused.
    const evidence = workbook.sheets.find((s) => s.name === EVIDENCE_SHEET) ?? expect.fail('no evidence sheet');
    const targetRow =
      Object.entries(evidence.cells).find(([, c]) => c.value === '72%（2015-03-10 备案，2015-03-31 省考核组批准）')?.[0] ?? expect.fail('no target cell');
    const typed: WorkbookRead = {
      ...workbook,
      sheets: workbook.sheets.map((s) => (s === evidence ? { ...s, cells: { ...s.cells, [targetRow]: { value: 60 } } } : s)),
    };
    const again = importEvidence(typed, rubric, expected);
    if (!again.ok) expect.fail(JSON.stringify(again.problems));
    expect(JSON.stringify(again.items)).to.equal(JSON.stringify(draft));
    expect(JSON.stringify(again.items)).not.to.contain('goodAirDaysTarget');
  });

  it('the examiners’ field sheet shows the target where a submitted value would be, and imports the review as before', async () => {
    const layout = field(FILING);
    const unitSheet = layout.sheets[1] ?? expect.fail('no unit sheet');
    const q04 = rowUnder(unitSheet, 'Q04.1', REVIEW_COLUMNS.rowId);
    expect(q04[REVIEW_COLUMNS.rowId]).to.equal(undefined);
    expect(q04[REVIEW_COLUMNS.title]?.value).to.equal('优良天数比例目标（已备案）（%）');
    expect(q04[REVIEW_COLUMNS.submitted]?.value).to.equal('72%（2015-03-10 备案，2015-03-31 省考核组批准）');
    expect(q04[REVIEW_COLUMNS.verified]?.unlocked).to.equal(undefined);
    expect(rowUnder(sheetOf(field(), unitSheet.name), 'Q04.1', REVIEW_COLUMNS.rowId)[REVIEW_COLUMNS.submitted]?.value).to.equal('未备案');
    const cover = Object.values((layout.sheets[0] ?? expect.fail('no cover')).cells).map((c) => String(c.value));
    expect(cover.filter((t) => t.startsWith('目标值（标有“（已备案）”的行）取自各单位的目标备案'))).to.have.length(1);

    const read = await written(layout);
    const result = importReviewSheet(read, rubric, { year: 2015, rubricHash: rubric.hash }, new Map([[UNIT.code, UNIT]]));
    if (!result.ok) expect.fail(JSON.stringify(result.problems));
    expect(result.units).to.deep.equal([{ unit: '620100', ok: true, items: {}, submissionVersion: 3, reviewVersion: 0 }]);
  });
});

/** Every text cell of a workbook's sheets. */
const texts = (workbook: WorkbookRead): string[] => workbook.sheets.flatMap((s) => Object.values(s.cells).map((c) => String(c.value)));

describe('targets in the workbooks the service and the CLI write (real FerretDB)', function () {
  this.timeout(60_000);
  let service: TestService;

  async function download(path: string, token: string): Promise<WorkbookRead> {
    const res = await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).to.equal(200);
    const read = await readWorkbook(new Uint8Array(await res.arrayBuffer()));
    if (!read.ok) expect.fail(read.reason);
    return read.workbook;
  }

  before(async () => {
    service = await startService({ now: '2015-03-10T02:00:00.000Z' });
    const { city, examiner } = service.users;
    const document = JSON.parse(readFileSync(fromRoot('rubrics', 'gansu-2015-1.1.0.json'), 'utf8')) as unknown;
    const cycle = await service.request('POST', '/api/cycles', {
      user: examiner,
      body: { year: 2015, rubric: contentHash(document), deadline: DEADLINE, targetDeadline: '2015-03-31T23:59:59+08:00' },
    });
    expect(cycle.status, cycle.text).to.equal(201);
    const filed = await service.request('PUT', '/api/cycles/2015/targets/620100', { user: city, body: { targets: { 'Q04.1': { goodAirDaysTarget: 80 } } } });
    expect(filed.status, filed.text).to.equal(200);
    service.clock.set('2015-03-12T02:00:00.000Z');
    const approved = await service.request('POST', '/api/cycles/2015/targets/620100/decisions', { user: examiner, body: { decision: 'approve', version: 1 } });
    expect(approved.status, approved.text).to.equal(200);
  });
  after(async () => {
    await service?.close();
  });

  it('the city’s template shows its approved target; another unit’s says 未备案', async () => {
    expect(texts(await download('/api/cycles/2015/submissions/620100/template.xlsx', service.users.city.token))).to.include(
      '80%（2015-03-10 备案，2015-03-12 省考核组批准）',
    );
    const other = texts(await download('/api/cycles/2015/submissions/620200/template.xlsx', service.users.otherCity.token));
    expect(other).to.include('未备案');
    expect(other.some((t) => t.includes('省考核组批准'))).to.equal(false);
  });

  it('the examiners’ field sheet shows each unit’s', async () => {
    const sheet = await download('/api/cycles/2015/reviews/template.xlsx?units=620100,620200', service.users.examiner.token);
    const [lanzhou, jiayuguan] = sheet.sheets.filter((s) => Object.values(s.cells).some((c) => String(c.value).startsWith('优良天数比例目标')));
    expect(Object.values(lanzhou?.cells ?? {}).map((c) => c.value)).to.include('80%（2015-03-10 备案，2015-03-12 省考核组批准）');
    expect(Object.values(jiayuguan?.cells ?? {}).map((c) => c.value)).to.include('未备案');
  });

  it('kaohe evidence template from a 1.1.0 seed shows the file’s approved targets', async () => {
    const made = await templateFromFiles(fromRoot('rubrics', 'gansu-2015-1.1.0.json'), fromRoot('seeds', 'evidence', '2015-1.1.0', '620100.json'));
    const read = await readWorkbook(made.bytes);
    if (!read.ok) expect.fail(read.reason);
    expect(texts(read.workbook)).to.include.members(['72%（2015-03-10 备案，2015-03-31 省考核组批准）', '12家（2015-03-10 备案，2015-03-31 省考核组批准）']);
  });
});
