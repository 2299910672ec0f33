/**
 * A conditional field in the city's Excel template: its row is always there (a template's
 * rows are fixed), says when it is filled, and an import refuses a value typed where the
 * answers do not ask for it, at its cell and in the core's words, while the same value is
 * taken where they do.
 */
import { expect } from 'chai';
import { readWorkbook } from '../../src/adapters/xlsx/read-workbook.js';
import { xlsxWorkbookFiles } from '../../src/adapters/xlsx/workbook-files.js';
import { parseRubric } from '../../src/core/index.js';
import { COLUMNS, EVIDENCE_SHEET } from '../../src/spreadsheet/contract.js';
import { importEvidence } from '../../src/spreadsheet/evidence-import.js';
import { evidenceTemplate } from '../../src/spreadsheet/evidence-template.js';
import type { CellValue, WorkbookRead } from '../../src/spreadsheet/workbook-read.js';
import { rubricFromSpec } from '../support/factories.js';

const rubric = parseRubric(
  rubricFromSpec({
    checkpoints: [
      {
        title: '建立质量工作考核框架并按省考核办法调整',
        points: 5,
        method: '查阅文件资料。已建立并调整的得5分；已建立未调整的，每有1个方面未调整扣1分；未建立的不得分。',
        fields: [
          { key: 'frameworkBuilt', label: '已建立质量工作考核框架', type: 'boolean', filledBy: 'unit' },
          { key: 'adjusted', label: '已按省考核办法调整', type: 'boolean', filledBy: 'unit' },
          {
            key: 'gaps',
            label: '未调整的方面数',
            type: 'integer',
            min: 0,
            max: 5,
            unit: '个',
            filledBy: 'unit',
            requiredWhen: { frameworkBuilt: true, adjusted: false },
          },
        ],
        rule: { if: [{ '!': { var: 'frameworkBuilt' } }, 0, { var: 'adjusted' }, 5, { max: [0, { '-': [5, { var: 'gaps' }] }] }] },
      },
    ],
  }),
);
const UNIT = { code: '620100', name: '兰州市' };
const layout = evidenceTemplate({
  rubric,
  unit: UNIT,
  cycle: { year: 2015, deadline: '2016-03-31T23:59:59+08:00' },
  draft: { items: {}, version: 0 },
  contact: '考核组',
});
const evidence = layout.sheets.find((s) => s.name === EVIDENCE_SHEET) ?? expect.fail('no evidence sheet');

/** The row number of a field's row, by its identifier in column A. */
function rowOf(key: string): number {
  const a1 = Object.entries(evidence.cells).find(([a, c]) => a.startsWith(COLUMNS.rowId) && String(c.value).endsWith(`|${key}`))?.[0];
  return Number(a1?.slice(COLUMNS.rowId.length) ?? expect.fail(`no row for ${key}`));
}

async function filledWith(values: Record<string, CellValue>): Promise<WorkbookRead> {
  const read = await readWorkbook(await xlsxWorkbookFiles.write(layout));
  if (!read.ok) expect.fail(read.reason);
  const typed = Object.fromEntries(Object.entries(values).map(([key, value]) => [`${COLUMNS.value}${rowOf(key)}`, { value }]));
  return { ...read.workbook, sheets: read.workbook.sheets.map((s) => (s.name === EVIDENCE_SHEET ? { ...s, cells: { ...s.cells, ...typed } } : s)) };
}

const expected = { year: 2015, unit: UNIT, rubricHash: rubric.hash };

describe('a conditional field in the city’s Excel template', () => {
  it('When the clerk reads the row, Then it says when the field is filled', () => {
    expect(evidence.cells[`${COLUMNS.unitAndRange}${rowOf('gaps')}`]?.value).to.equal(
      '个，整数 0–5；仅当“已建立质量工作考核框架”为“是”且“已按省考核办法调整”为“否”时填写',
    );
  });

  it('When the framework was not adjusted and the gaps are typed, Then the import takes them', async () => {
    const result = importEvidence(await filledWith({ frameworkBuilt: '是', adjusted: '否', gaps: 2 }), rubric, expected);
    if (!result.ok) expect.fail(JSON.stringify(result.problems));
    expect(result.items.C1?.values).to.deep.equal({ frameworkBuilt: true, adjusted: false, gaps: 2 });
  });

  it('When the gaps are typed although the framework was adjusted, Then the import refuses them at their cell and stores nothing', async () => {
    const result = importEvidence(await filledWith({ frameworkBuilt: '是', adjusted: '是', gaps: 2 }), rubric, expected);
    if (result.ok) expect.fail('a value that is not asked was imported');
    expect(result.problems).to.have.length(1);
    expect(result.problems[0]?.cell).to.equal(`${EVIDENCE_SHEET}!${COLUMNS.value}${rowOf('gaps')}`);
    expect(result.problems[0]?.reason).to.include('仅当“已建立质量工作考核框架”为“是”且“已按省考核办法调整”为“否”时填写，现在不应填写');
  });
});
