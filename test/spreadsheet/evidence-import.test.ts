import { expect } from 'chai';
import { type ImportProblem, importEvidence } from '../../src/spreadsheet/evidence-import.js';
import type { WorkbookRead } from '../../src/spreadsheet/workbook-read.js';
import { seedEvidenceFiles } from '../support/seeds.js';
import { seededUnit, workbookReadOf } from '../support/workbook-read.js';

const lanzhou = seededUnit('620100');
const expected = (unit = lanzhou) => ({ year: unit.rubric.year, unit: unit.unit, rubricHash: unit.rubric.hash });
const run = (workbook: WorkbookRead, unit = lanzhou) => importEvidence(workbook, unit.rubric, expected(unit));

function problemsOf(workbook: WorkbookRead): readonly ImportProblem[] {
  const result = run(workbook);
  if (result.ok) expect.fail('the workbook was imported');
  return result.problems;
}

describe('importing a filled evidence template (cells in, a draft or every problem out)', () => {
  for (const file of seedEvidenceFiles()) {
    const code = file.replace('.json', '');
    it(`gives back ${code}'s seeded draft exactly (items and keys in the evidence document's order)`, () => {
      const seeded = seededUnit(code);
      const result = importEvidence(workbookReadOf(seeded), seeded.rubric, expected(seeded));
      if (!result.ok) expect.fail(JSON.stringify(result.problems));
      expect(JSON.stringify(result.items)).to.equal(JSON.stringify(seeded.items));
      expect(result.selfTotal).to.equal(seeded.selfTotal);
    });
  }

  it('an exported empty draft imports as the same empty draft', () => {
    const result = run(workbookReadOf({ ...lanzhou, items: {}, selfTotal: undefined }));
    expect(result).to.deep.equal({ ok: true, items: {}, submissionVersion: 0 });
  });

  it('reads values as a clerk types them: full-width, with %, spaces, √/×, numbers as text', () => {
    const workbook = workbookReadOf(lanzhou, {
      edit: (cell) => {
        cell('field|G01.1|approvalReview', 'J', { value: '√' });
        cell('member|G01.1|lists|负面清单', 'J', { value: '是\u3000' });
        cell('member|G01.1|lists|权力清单', 'J', { value: '✓' });
        cell('field|G01.2|enforcementCooperation', 'J', { value: ' 仅建立协作机制 ' });
        cell('field|G02.2|excellenceEnterprises', 'J', { value: '１２' });
        cell('field|G04.1|caseClosureRate', 'J', { value: '８９．５％' });
        cell('checkpoint|G04.1', 'L', { value: '1.5' });
      },
    });
    const result = run(workbook);
    if (!result.ok) expect.fail(JSON.stringify(result.problems));
    expect(JSON.stringify(result.items)).to.equal(JSON.stringify(lanzhou.items));
  });

  it('finds rows by their hidden ids: a renamed, reordered sheet with rows people added still imports', () => {
    const workbook = workbookReadOf(lanzhou);
    const evidence = workbook.sheets[1]!;
    const lastRow = evidence.rowCount;
    // Rows reversed, and a note row without an id at the top.
    const cells = Object.fromEntries(
      Object.entries(evidence.cells).map(([a1, cell]) => {
        const [, column, row] = /^([A-Z]+)(\d+)$/.exec(a1)!;
        return [`${column}${lastRow + 3 - Number(row)}`, cell];
      }),
    );
    cells['B1'] = { value: '财务科补充：以下数据截至12月31日' };
    const moved: WorkbookRead = { sheets: [workbook.sheets[0]!, { ...evidence, name: '兰州市填报', cells, rowCount: lastRow + 2 }, workbook.sheets[2]!] };
    const result = run(moved);
    if (!result.ok) expect.fail(JSON.stringify(result.problems));
    expect(JSON.stringify(result.items)).to.equal(JSON.stringify(lanzhou.items));
  });

  it("refuses another unit's template by name", () => {
    const jiayuguan = workbookReadOf(seededUnit('620200'));
    expect(problemsOf(jiayuguan)).to.deep.equal([
      { sheet: '_kaohe', cell: '_kaohe!B3', reason: '这是嘉峪关市（620200）的模板，不能导入到兰州市（620100）；请下载兰州市的模板' },
    ]);
  });

  it('refuses a template for another year or another version of the rubric', () => {
    const problems = problemsOf(workbookReadOf(lanzhou, { identity: { year: '2016', rubricHash: 'sha256:0000', rubricVersion: '0.9' } }));
    expect(problems.map((p) => [p.cell, p.reason])).to.deep.equal([
      ['_kaohe!B2', '这是 2016 年度的模板，不能导入 2015 年度；请下载 2015 年度的模板'],
      ['_kaohe!B7', `这是按另一版考核细则（gansu-2015 版本 0.9）生成的模板，与 2015 年度考核所用的细则不同；请重新下载模板`],
    ]);
  });

  it('refuses a workbook that is not a template', () => {
    const problems = problemsOf({ sheets: [{ name: 'Sheet1', state: 'visible', rowCount: 1, columnCount: 1, cells: { A1: { value: '兰州市' } } }] });
    expect(problems[0]?.reason).to.match(/^这不是 Kaohe 导出的证据模板/);
  });

  it('lists every problem at once, each at its cell with the checkpoint, the field, what was found and why', () => {
    const at: Record<string, string> = {};
    const workbook = workbookReadOf(lanzhou, {
      edit: (cell) => {
        at.formula = cell('field|G02.2|excellenceEnterprises', 'J', { value: 12, formula: 'SUM(X1:X3)' });
        at.yesNo = cell('field|G01.1|approvalReview', 'J', { value: '差不多' });
        at.score = cell('checkpoint|G03.2', 'L', { value: '两分' });
        at.date = cell('field|G05.1|cqoEnterprises', 'J', { value: '2015-03-04', isDate: true });
      },
    });
    // A copied row (the same id twice) and a changed id.
    const evidence = workbook.sheets[1]!;
    const row = evidence.rowCount + 1;
    const cells = { ...evidence.cells, [`A${row}`]: { value: 'checkpoint|G01.2' }, [`A${row + 1}`]: { value: 'field|G01.2|noSuchField' } };
    const problems = problemsOf({ sheets: [workbook.sheets[0]!, { ...evidence, cells, rowCount: row + 1 }, workbook.sheets[2]!] });
    const byCell = new Map(problems.map((p) => [p.cell, p]));
    expect(byCell.get(`证据!${at.formula}`)).to.deep.include({ item: 'G02.2', field: '导入卓越绩效管理模式的企业数', found: '=SUM(X1:X3)' });
    expect(byCell.get(`证据!${at.formula}`)?.reason).to.match(/不能是公式/);
    expect(byCell.get(`证据!${at.yesNo}`)).to.deep.include({ item: 'G01.1', found: '差不多', reason: '应填“是”或“否”' });
    expect(byCell.get(`证据!${at.date}`)?.reason).to.match(/^这是一个日期（2015-03-04）/);
    expect(byCell.get(`证据!A${row}`)?.reason).to.match(/^该行与 证据!A\d+ 是同一行（A 列标识重复）/);
    expect(byCell.get(`证据!A${row + 1}`)?.reason).to.match(/A 列的标识在考核细则中不存在/);
    expect(byCell.get(`证据!${at.score}`)).to.deep.include({ item: 'G03.2', field: '自评分', found: '两分', reason: '不是数字' });
    expect(problems).to.have.length(6);
  });

  it("gives the core's verdict on the cells that read well together with the cells that did not, in one round", () => {
    const at: Record<string, string> = {};
    const workbook = workbookReadOf(lanzhou, {
      edit: (cell) => {
        at.unreadable = cell('field|G10.1|supervisionCoverage', 'J', { value: '很高' });
        at.range = cell('field|G04.1|caseClosureRate', 'J', { value: 120 });
      },
    });
    const problems = problemsOf(workbook);
    expect(problems.map((p) => p.cell)).to.have.members([`证据!${at.unreadable}`, `证据!${at.range}`]);
    expect(problems.find((p) => p.cell === `证据!${at.range}`)?.reason).to.match(/超出允许范围/);
  });

  it('refuses a note the service could not store (a control character), at its cell, with the rule handed in', () => {
    let ref = '';
    const workbook = workbookReadOf(lanzhou, { edit: (cell) => (ref = cell('checkpoint|G02.1', 'M', { value: '见附件\u0007' })) });
    const result = importEvidence(workbook, lanzhou.rubric, expected(), { textFault: (t) => (t.includes('\u0007') ? '含有控制字符 U+0007' : undefined) });
    if (result.ok) expect.fail('the workbook was imported');
    expect(result.problems).to.deep.equal([
      { sheet: '证据', cell: `证据!${ref}`, item: 'G02.1', field: '说明', found: '见附件\u0007…', reason: '说明含有控制字符 U+0007' },
    ]);
  });

  it("gives the core's verdict on values that read well, at their cells, as a save would", () => {
    const at: Record<string, string> = {};
    const workbook = workbookReadOf(lanzhou, {
      edit: (cell) => {
        at.range = cell('field|G04.1|caseClosureRate', 'J', { value: '120%' });
        at.choice = cell('field|G01.2|enforcementCooperation', 'J', { value: '正在建立' });
        at.integer = cell('field|G03.2|integrityCampaigns', 'J', { value: '4.5' });
        at.score = cell('checkpoint|G01.1', 'L', { value: 99 });
        at.notApplicable = cell('checkpoint|G01.1', 'K', { value: '是' });
      },
    });
    const problems = problemsOf(workbook);
    const byCell = new Map(problems.map((p) => [p.cell, p]));
    expect(byCell.get(`证据!${at.range}`)).to.deep.include({ item: 'G04.1', found: '120%' });
    expect(byCell.get(`证据!${at.range}`)?.reason).to.match(/超出允许范围/);
    // The row shows the label; the field's key, hidden in the sheet, is not in the reason.
    expect(byCell.get(`证据!${at.range}`)?.reason)
      .to.match(/^“[^”]+”超出/)
      .and.not.include('caseClosureRate');
    expect(byCell.get(`证据!${at.choice}`)?.reason).to.match(/只能取 .* 之一，实际为 "正在建立"/);
    expect(byCell.get(`证据!${at.integer}`)?.reason).to.match(/应为整数/);
    expect(byCell.get(`证据!${at.score}`)).to.deep.include({ item: 'G01.1', field: '自评分' });
    expect(byCell.get(`证据!${at.score}`)?.reason).to.match(/超过该要点上限/);
    expect(byCell.get(`证据!${at.notApplicable}`)?.reason).to.match(/不允许申报“不涉及”/);
  });
});
