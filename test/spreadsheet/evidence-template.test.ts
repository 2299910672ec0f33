/**
 * The evidence template's layout for 兰州市 with its seeded draft: a row per checkpoint
 * (bonus and deduction items too) and per field the unit fills, a validated and
 * unlocked cell for every input and no other unlocked cell, the identity sheet, the
 * draft's values as a clerk would see them.
 */
import { expect } from 'chai';
import { splitEvidence } from '../../src/records/index.js';
import {
  COLUMNS,
  COVER_SHEET,
  EVIDENCE_SHEET,
  FIRST_DATA_ROW,
  HEADER_ROW,
  HEADERS,
  IDENTITY_KEYS,
  IDENTITY_SHEET,
  NO,
  TEMPLATE_FORMAT,
  YES,
  formatRowId,
  parseRowId,
} from '../../src/spreadsheet/contract.js';
import { evidenceTemplate } from '../../src/spreadsheet/evidence-template.js';
import { fieldInput } from '../../src/spreadsheet/template-inputs.js';
import type { LayoutCell, LayoutSheet, WorkbookLayout } from '../../src/spreadsheet/workbook-layout.js';
import { gansuRubric, seedDocument } from '../integration/review-run-support.js';

const rubric = gansuRubric();
const seed = seedDocument('620100');
const { submitted } = splitEvidence(rubric, seed.items);
const DEADLINE = '2016-03-31T23:59:59+08:00';

function template(
  draft: { items: typeof submitted; selfTotal?: number; version: number; submitted?: boolean } = { items: submitted, selfTotal: seed.selfTotal, version: 4 },
): WorkbookLayout {
  return evidenceTemplate({
    rubric,
    unit: { code: '620100', name: '兰州市' },
    cycle: { year: 2015, deadline: DEADLINE },
    draft,
    contact: '考核组 张三 0931-1234567',
  });
}

const sheet = (layout: WorkbookLayout, name: string): LayoutSheet => {
  const found = layout.sheets.find((s) => s.name === name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
};

/** Row number by the identifier in column A. */
function rowsById(evidence: LayoutSheet): Map<string, number> {
  const rows = new Map<string, number>();
  for (const [address, cell] of Object.entries(evidence.cells)) {
    const m = /^A(\d+)$/.exec(address);
    if (m && typeof cell.value === 'string' && Number(m[1]) >= FIRST_DATA_ROW) rows.set(cell.value, Number(m[1]));
  }
  return rows;
}

function cellAt(evidence: LayoutSheet, id: string, column: keyof typeof COLUMNS): LayoutCell | undefined {
  const row = rowsById(evidence).get(id);
  if (row === undefined) throw new Error(`no row ${id}`);
  return evidence.cells[`${COLUMNS[column]}${row}`];
}

describe('evidence template layout (兰州市, 2015, seeded draft)', () => {
  const layout = template();
  const evidence = sheet(layout, EVIDENCE_SHEET);
  const ids = [...rowsById(evidence).keys()];

  it('has the cover, the evidence sheet and the very hidden identity sheet, each protected', () => {
    expect(layout.sheets.map((s) => [s.name, s.state, s.protected])).to.deep.equal([
      [COVER_SHEET, 'visible', true],
      [EVIDENCE_SHEET, 'visible', true],
      [IDENTITY_SHEET, 'veryHidden', true],
    ]);
    expect(layout.date).to.equal(DEADLINE);
  });

  it('lists every checkpoint, bonus and deduction item in rubric order, each followed by the fields the unit fills', () => {
    const expected: string[] = [];
    for (const item of rubric.allItems) {
      expected.push(formatRowId({ kind: 'checkpoint', item: item.code }));
      for (const field of item.fields) {
        if (field.filledBy !== 'unit') continue;
        if (field.type === 'set')
          for (const member of field.values ?? []) expected.push(formatRowId({ kind: 'member', item: item.code, field: field.key, member }));
        else expected.push(formatRowId({ kind: 'field', item: item.code, field: field.key }));
      }
    }
    expected.push('selfTotal');
    expect(ids).to.deep.equal(expected);
    expect(ids.every((id) => parseRowId(id) !== null)).to.equal(true);
    // An examiner's field (G04.2 uninvestigatedAds) has no row; its unit fields do.
    expect(ids).to.include('field|G04.2|adMonitoring');
    expect(ids).not.to.include('field|G04.2|uninvestigatedAds');
    expect(ids).to.include('checkpoint|GD1');
  });

  it('shows the checkpoint text, 分值, 评分方法 and 需提交材料 on its row, and the headers of the contract', () => {
    expect(cellAt(evidence, 'checkpoint|G01.1', 'code')?.value).to.equal('G01.1');
    expect(cellAt(evidence, 'checkpoint|G01.1', 'title')?.value).to.equal('清理质量安全准入类行政审批事项，建立权力清单、责任清单、负面清单');
    expect(cellAt(evidence, 'checkpoint|G01.1', 'points')?.value).to.equal(1.5);
    expect(cellAt(evidence, 'checkpoint|G01.1', 'method')?.value).to.match(/^完成质量安全准入类行政审批事项清理/);
    expect(cellAt(evidence, 'checkpoint|G01.1', 'materials')?.value).to.equal('行政审批事项清理、取消和下放文件\n权力清单、责任清单、负面清单文本及公布情况');
    expect(cellAt(evidence, 'member|G01.1|lists|责任清单', 'title')?.value).to.equal('已建立并公布的清单：责任清单');
    expect(cellAt(evidence, 'field|G02.2|excellenceEnterprises', 'unitAndRange')?.value).to.equal('家，整数 0–1000');
    // Column I says where 不涉及 may be declared, and where the examiners fill every value.
    expect(cellAt(evidence, 'checkpoint|G08.2', 'unitAndRange')?.value).to.equal('可申报不涉及：未列入国家或省电子商务示范城市创建范围');
    expect(cellAt(evidence, 'checkpoint|GD1', 'unitAndRange')?.value).to.equal('由考核组核定，本单位无需填报值');
    expect(cellAt(evidence, 'checkpoint|G01.1', 'unitAndRange')?.value).to.equal(null);
    for (const key of Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]) expect(evidence.cells[`${COLUMNS[key]}${HEADER_ROW}`]?.value).to.equal(HEADERS[key]);
    expect(evidence.columns.A).to.deep.equal({ width: 24, hidden: true });
    expect(evidence.frozenRows).to.equal(HEADER_ROW);
  });

  it('unlocks exactly the input cells, each with a Chinese prompt and error', () => {
    const unlocked = Object.entries(evidence.cells).filter(([, c]) => c.unlocked);
    const expected = new Set<string>();
    const rows = rowsById(evidence);
    for (const [id, row] of rows) {
      const parsed = parseRowId(id);
      if (parsed?.kind === 'checkpoint') {
        expected.add(`L${row}`).add(`M${row}`);
        if (rubric.items.get(parsed.item)?.notApplicable) expected.add(`K${row}`);
      } else if (parsed?.kind === 'selfTotal') expected.add(`L${row}`);
      else expected.add(`J${row}`);
    }
    expect(unlocked.map(([a]) => a).sort()).to.deep.equal([...expected].sort());
    for (const [address, cell] of Object.entries(evidence.cells)) {
      expect(Boolean(cell.validation), address).to.equal(Boolean(cell.unlocked));
      if (!cell.validation) continue;
      expect(cell.validation.prompt, address).to.match(/[\u4e00-\u9fff]/);
      expect(cell.validation.error, address).to.match(/[\u4e00-\u9fff]/);
      expect(cell.validation.prompt.length, address).to.be.at.most(255);
      expect(cell.validation.error.length, address).to.be.at.most(225);
      expect(cell.style, address).to.be.oneOf(['input', 'inputNumber']);
    }
    for (const s of layout.sheets.filter((x) => x.name !== EVIDENCE_SHEET))
      expect(
        Object.values(s.cells).some((c) => c.unlocked),
        s.name,
      ).to.equal(false);
    // 不涉及 only where the rubric offers it.
    expect(cellAt(evidence, 'checkpoint|G08.2', 'notApplicable')?.unlocked).to.equal(true);
    expect(cellAt(evidence, 'checkpoint|G01.1', 'notApplicable')?.unlocked).to.equal(undefined);
  });

  it('validates each kind of input: a list for a choice, 是/否, whole or decimal numbers in range, a note length', () => {
    expect(cellAt(evidence, 'field|G01.2|enforcementCooperation', 'value')?.validation).to.deep.include({
      kind: 'list',
      values: ['建立机制并实现信息共享', '仅建立协作机制', '未建立'],
    });
    expect(cellAt(evidence, 'field|G01.1|approvalReview', 'value')?.validation).to.deep.include({ kind: 'list', values: [YES, NO] });
    expect(cellAt(evidence, 'member|G01.1|lists|权力清单', 'value')?.validation).to.deep.include({ kind: 'list', values: [YES, NO] });
    expect(cellAt(evidence, 'checkpoint|G08.2', 'notApplicable')?.validation).to.deep.include({ kind: 'list', values: [YES, NO] });
    expect(cellAt(evidence, 'field|G02.2|excellenceEnterprises', 'value')?.validation).to.deep.include({ kind: 'whole', min: 0, max: 1000 });
    expect(cellAt(evidence, 'checkpoint|G01.1', 'selfScore')?.validation).to.deep.include({ kind: 'decimal', min: 0, max: 1.5 });
    expect(cellAt(evidence, 'checkpoint|G01.1', 'note')?.validation).to.deep.include({ kind: 'textLength', max: 5000 });
    // A number with a step says so in its prompt (the Gansu rubric's one stepped field is the examiner's, so it is asked directly).
    const stepped = rubric.allItems.flatMap((i) => i.fields).find((f) => f.step !== undefined);
    if (!stepped) throw new Error('the Gansu rubric has a stepped field');
    const input = fieldInput(stepped, 1.5);
    expect(input.validation).to.deep.include({ kind: 'decimal', min: 0.5, max: 3.5 });
    expect(input.validation?.prompt).to.include('0.5 的整数倍');
    expect(input.value).to.equal(1.5);
  });

  it('is pre-filled with the draft: numbers as numbers, yes/no as 是/否, a set as one 是/否 per item, self-scores and the total', () => {
    expect(cellAt(evidence, 'field|G01.1|approvalReview', 'value')?.value).to.equal(YES);
    expect(cellAt(evidence, 'member|G01.1|lists|负面清单', 'value')?.value).to.equal(YES);
    expect(cellAt(evidence, 'field|G01.2|enforcementCooperation', 'value')?.value).to.equal('仅建立协作机制');
    expect(cellAt(evidence, 'checkpoint|G01.2', 'selfScore')?.value).to.equal(0.75);
    const excellence = seed.items['G02.2']?.values?.excellenceEnterprises;
    expect(excellence).to.be.a('number');
    expect(cellAt(evidence, 'field|G02.2|excellenceEnterprises', 'value')?.value).to.equal(excellence);
    // Every stored unit value is in its row, as the clerk reads it.
    for (const [code, item] of Object.entries(submitted)) {
      for (const [key, value] of Object.entries(item.values ?? {})) {
        if (Array.isArray(value)) {
          const field = rubric.items.get(code)?.fieldsByKey.get(key);
          for (const member of field?.values ?? [])
            expect(cellAt(evidence, `member|${code}|${key}|${member}`, 'value')?.value, `${code}.${key}.${member}`).to.equal(value.includes(member) ? YES : NO);
        } else {
          const shown = value === true ? YES : value === false ? NO : value;
          expect(cellAt(evidence, `field|${code}|${key}`, 'value')?.value, `${code}.${key}`).to.equal(shown);
        }
      }
      if (item.selfScore !== undefined) expect(cellAt(evidence, `checkpoint|${code}`, 'selfScore')?.value, code).to.equal(item.selfScore);
      if (item.note !== undefined) expect(cellAt(evidence, `checkpoint|${code}`, 'note')?.value, code).to.equal(item.note);
    }
    expect(cellAt(evidence, 'selfTotal', 'selfScore')?.value).to.equal(seed.selfTotal);
  });

  it('leaves the inputs blank for a unit that has saved nothing', () => {
    const empty = sheet(template({ items: {}, version: 0 }), EVIDENCE_SHEET);
    const inputs = Object.values(empty.cells).filter((c) => c.unlocked);
    expect(inputs).to.have.length.above(100);
    expect(inputs.every((c) => c.value === null)).to.equal(true);
  });

  it('says on the cover when the unit has already submitted: the file is for reading until the examiners reopen it', () => {
    const submittedCover = Object.values(sheet(template({ items: submitted, version: 7, submitted: true }), COVER_SHEET).cells).map((c) => String(c.value));
    expect(submittedCover).to.include('第 7 版（已提交）');
    expect(submittedCover.join('\n')).to.include('材料已冻结，本文件仅供查阅');
    const draftCover = Object.values(sheet(layout, COVER_SHEET).cells).map((c) => String(c.value));
    expect(draftCover).to.include('第 4 版草稿（导出时）');
    expect(draftCover.join('\n')).not.to.include('已冻结');
  });

  it('names the file in the identity sheet: format, year, unit, rubric id, version and hash, the draft version read', () => {
    const identity = sheet(layout, IDENTITY_SHEET);
    const pairs = IDENTITY_KEYS.map((_key, i) => [identity.cells[`A${i + 1}`]?.value, identity.cells[`B${i + 1}`]?.value]);
    expect(pairs).to.deep.equal([
      ['format', TEMPLATE_FORMAT],
      ['year', '2015'],
      ['unit', '620100'],
      ['unitName', '兰州市'],
      ['rubricId', rubric.id],
      ['rubricVersion', rubric.version],
      ['rubricHash', rubric.hash],
      ['submissionVersion', '4'],
    ]);
  });

  it('tells the clerk on the cover who, what, until when (Beijing time), against which rubric, how to fill in and whom to ask', () => {
    const cover = Object.values(sheet(layout, COVER_SHEET).cells).map((c) => String(c.value));
    expect(cover).to.include('兰州市2015年度质量工作考核证据模板');
    expect(cover).to.include('兰州市（620100）');
    expect(cover).to.include('2016年3月31日 23:59:59（北京时间）');
    expect(cover).to.include(rubric.title);
    expect(cover).to.include(rubric.hash);
    expect(cover).to.include('考核组 张三 0931-1234567');
    const text = cover.join('\n');
    expect(text).to.include('只有黄色单元格可以编辑');
    expect(text).to.include('下拉列表');
    expect(text).to.include('.xlsx');
    expect(text).to.include('A 列');
    expect(text).to.include('不涉及');
  });
});
