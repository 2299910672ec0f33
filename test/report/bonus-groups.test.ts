import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { reportWorkbook, unitSheetNames } from '../../src/adapters/xlsx/index.js';
import { assess, buildResults, explainItem, parseEvidence, parseRubric } from '../../src/core/index.js';
import { scorecardHtml } from '../../src/report/html/index.js';
import { loadCaseFiles } from '../support/cases.js';
import { evidence, rubricFromSpec } from '../support/factories.js';
import { bodyRows, elementById, textOf } from '../support/html-read.js';

interface Case {
  readonly description: string;
  readonly rubric: Record<string, unknown>;
  readonly evidence: Record<string, unknown>;
}

/** The case where both group caps and the overall cap bind: 6 → 3 and 3 → 2, then 5 → 4. */
const everyCapBinds = (() => {
  const file = loadCaseFiles<Case>('test', 'cases', 'patterns').find((f) => f.name === 'bonus-groups');
  const found = file?.cases.find((c) => c.description.includes('the overall cap 4 takes the last point off'));
  if (found === undefined) throw new Error('bonus-groups.json lost the case this test reads');
  return found;
})();

describe('a rubric with several bonus groups, as a unit reads its scorecard', () => {
  const rubric = parseRubric(rubricFromSpec(everyCapBinds.rubric));
  const unit = parseEvidence(evidence(everyCapBinds.evidence as never));
  const results = buildResults(rubric, assess(rubric, [unit], { engineVersion: 'test', trace: true }), [unit]);
  const scored = results.units[0];
  if (scored === undefined) throw new Error('no unit');
  const card = textOf(elementById(scorecardHtml({ results, rubric }, scored.code, new Map()), `unit-${scored.code}`));

  it('When a group claims more than its cap, Then its subtotal row shows the cap, what counts and what was claimed', () => {
    expect(card).to.include('质量创新加分');
    expect(card).to.include('申报 6.00 分，超过本组上限，按 3.00 分计');
    expect(card).to.include('申报 3.00 分，超过本组上限，按 2.00 分计');
  });

  it('When the groups together pass the overall cap, Then the bonus total says what was claimed and what counts', () => {
    expect(card).to.include('申报加分 9.00 分，超过加分上限，按 4.00 分计');
    expect(scored.total).to.equal(84);
  });

  it('When the items are listed, Then each sits under its own group, in the rubric order', () => {
    const page = scorecardHtml({ results, rubric }, scored.code, new Map());
    const rows = bodyRows(page).map((r) => r[0]);
    const order = ['质量创新加分', 'B1', 'B2', '质量荣誉加分', 'B3', 'B4', '加分合计'];
    const seen = rows.filter((c): c is string => c !== undefined && order.includes(c));
    expect(seen).to.deep.equal(order);
  });

  it('When a bonus item is explained, Then the explanation names its group and that the group cap applies', () => {
    const item = scored.items.find((i) => i.code === 'B1');
    const model = rubric.items.get('B1');
    if (item === undefined || model === undefined) throw new Error('no B1');
    expect(explainItem(model, item, scored.name, rubric.precision)).to.include('加分：4.00 分（计入加分组 G1');
  });

  it('When the unit opens the report workbook, Then its sheet lists each group’s count with its cap before the whole bonus', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await reportWorkbook({ results, rubric })) as unknown as ExcelJS.Buffer);
    const name = unitSheetNames({ results }).get(scored.code) ?? '';
    const labels: string[] = [];
    wb.getWorksheet(name)?.eachRow((row) => labels.push(String(row.getCell(1).value ?? '')));
    const at = (label: string) => labels.findIndex((l) => l.startsWith(label));
    expect(at('加分 · 质量创新加分（上限 3.00）')).to.be.greaterThan(-1);
    expect(at('加分 · 质量荣誉加分（上限 2.00）')).to.be.greaterThan(at('加分 · 质量创新加分'));
    expect(labels.indexOf('加分')).to.be.greaterThan(at('加分 · 质量荣誉加分'));
  });
});
