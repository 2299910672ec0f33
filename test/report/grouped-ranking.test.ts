import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { reportWorkbook } from '../../src/adapters/xlsx/index.js';
import { RANKING_SHEET } from '../../src/adapters/xlsx/ranking-sheet.js';
import { bulletinHtml, bulletinMarkdown, rankingCsv } from '../../src/report/index.js';
import { cityGroups, countyResults, countyRubric } from '../support/county-results.js';
import { bodyRows, elementById, textOf } from '../support/html-read.js';

/** Two 兰州市 districts tie for second overall; 白银区 leads; 嘉峪关市 is a group of one. */
const rubric = countyRubric();
const results = countyResults(rubric, {
  '620402': [50, 45],
  '620102': [45, 45],
  '620103': [40, 50],
  '620104': [40, 45],
  '620421': [40, 40],
  '620200': [30, 30],
});
const groups = cityGroups(results.units.map((u) => u.code));

const csvRows = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));

describe('reports grouped by city (所属市州, 市州内名次, 按市州排名)', () => {
  it('ranking.csv names each unit’s city and its rank there after the name; tied districts share it', () => {
    const rows = csvRows(rankingCsv(results, groups));
    expect(rows[0]?.slice(0, 6)).to.deep.equal(['名次', '单位代码', '单位名称', '所属市州', '市州内名次', '总分']);
    expect(rows.slice(1).map((r) => r.slice(0, 5))).to.deep.equal([
      ['1', '620402', '白银区', '白银市', '1'],
      ['2', '620102', '城关区', '兰州市', '1'],
      ['2', '620103', '七里河区', '兰州市', '1'],
      ['4', '620104', '西固区', '兰州市', '3'],
      ['5', '620421', '靖远县', '白银市', '2'],
      ['6', '620200', '嘉峪关市', '嘉峪关市', '1'],
    ]);
  });

  it('a unit the grouping does not name stands in a group of its own rather than leaving the table', () => {
    const { '620421': _left, ...named } = groups.of;
    const rows = csvRows(rankingCsv(results, { ...groups, of: named }));
    expect(rows.find((r) => r[1] === '620421')?.slice(0, 5)).to.deep.equal(['5', '620421', '靖远县', '靖远县', '1']);
    expect(rows.find((r) => r[1] === '620402')?.slice(3, 5)).to.deep.equal(['白银市', '1']);
  });

  it('without groups, ranking.csv and report.md are as before: no city columns', () => {
    expect(rankingCsv(results)).not.to.include('所属市州');
    expect(bulletinMarkdown(results)).not.to.include('市州');
  });

  it('report.md has one table per city, its units in rank order with the rank in the city (并列 when shared) beside the overall rank', () => {
    const md = bulletinMarkdown(results, groups);
    const part = md.slice(md.indexOf('## 按市州排名'), md.indexOf('## 计分说明'));
    expect(part).to.include('### 兰州市（3 个）\n\n| 市州内名次 | 单位 | 总分 | 结果 | 总名次 |');
    expect(part).to.include('| 1（并列） | 城关区 | 90.00 | A | 2 |\n| 1（并列） | 七里河区 | 90.00 | A | 2 |\n| 3 | 西固区 | 85.00 | B | 4 |');
    expect(part).to.include('### 嘉峪关市（1 个）');
    expect(part.indexOf('### 兰州市')).to.be.below(part.indexOf('### 嘉峪关市')).and.below(part.indexOf('### 白银市'));
  });

  it('report.html has a part 按市州排名 after the ranking, one table per city; the public edition has none', () => {
    const html = bulletinHtml({ results, rubric, groups }, new Map());
    const part = elementById(html, 'ranking-groups');
    expect(textOf(part)).to.match(/^三、按市州排名/);
    expect(textOf(part)).to.include('白银市（2 个）');
    const rows = bodyRows(part);
    expect(rows.filter((r) => r[1] === '靖远县')).to.deep.equal([['2', '靖远县', '80.00', 'B', '5']]);
    expect(rows.filter((r) => r[1] === '嘉峪关市')).to.deep.equal([['1', '嘉峪关市', '60.00', 'C', '6']]);
    expect(bulletinHtml({ results, rubric, groups }, new Map(), { edition: 'public' })).not.to.include('ranking-groups');
    expect(bulletinHtml({ results, rubric }, new Map())).not.to.include('ranking-groups');
  });

  it('each unit’s scorecard says where it stands in its city (并列 when it shares the rank there; nothing for a group of one)', () => {
    const html = bulletinHtml({ results, rubric, groups }, new Map());
    expect(textOf(elementById(html, 'unit-620103'))).to.include('在兰州市的 3 个单位中列第 1 名（并列）。');
    expect(textOf(elementById(html, 'unit-620421'))).to.include('在白银市的 2 个单位中列第 2 名。');
    expect(textOf(elementById(html, 'unit-620200')), 'a group of one').not.to.include('个单位中列第');
    expect(textOf(elementById(bulletinHtml({ results, rubric }, new Map()), 'unit-620103'))).not.to.include('个单位中列第');
  });

  it('report.xlsx’s 排名 sheet has 所属市州 and 市州内名次 after the name, and a note on the city’s size and a shared rank', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await reportWorkbook({ results, rubric, groups })) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet(RANKING_SHEET) as ExcelJS.Worksheet;
    const header = (ws.getRow(3).values as unknown[]).slice(1, 6);
    expect(header).to.deep.equal(['名次', '单位代码', '单位名称', '所属市州', '市州内名次']);
    const city = ws.getRow(5);
    expect([city.getCell(3).value, city.getCell(4).value, city.getCell(5).value]).to.deep.equal(['城关区', '兰州市', 1]);
    expect(String(city.getCell(5).note && JSON.stringify(city.getCell(5).note))).to.include('兰州市共 3 个单位，本名次并列');
  });
});
