/**
 * The examiners' field sheet's layout for 兰州市 and 嘉峪关市 with their seeded
 * submissions and reviews: a cover, one protected sheet per unit with the submitted
 * values read-only beside the examiner's unlocked, validated columns, pre-filled with
 * the review, and the identity sheet with the versions read at export.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parseRubric } from '../../src/core/index.js';
import { splitEvidence } from '../../src/records/index.js';
import {
  NO,
  REVIEW_COLUMNS,
  REVIEW_COVER_SHEET,
  REVIEW_FIRST_DATA_ROW,
  REVIEW_HEADER_ROW,
  REVIEW_HEADERS,
  REVIEW_IDENTITY_SHEET,
  REVIEW_SHEET_FORMAT,
  type ReviewColumn,
  YES,
  formatRowId,
  parseRowId,
  parseUnitMarker,
} from '../../src/spreadsheet/review-contract.js';
import { type ReviewSheetUnit, reviewSheet } from '../../src/spreadsheet/review-sheet.js';
import { unitSheetNames } from '../../src/spreadsheet/review-sheet-names.js';
import type { LayoutCell, LayoutSheet, WorkbookLayout } from '../../src/spreadsheet/workbook-layout.js';
import { gansuRubric, seedDocument } from '../integration/review-run-support.js';
import { fromRoot } from '../support/paths.js';

const rubric = gansuRubric();
const DEADLINE = '2016-03-31T23:59:59+08:00';

function unitOf(code: string, name: string, submissionVersion: number, reviewVersion: number): ReviewSheetUnit {
  const seed = seedDocument(code);
  const { submitted, review } = splitEvidence(rubric, seed.items);
  return {
    unit: { code, name },
    submission: { items: submitted, version: submissionVersion, submitted: true },
    review: { items: reviewVersion === 0 ? {} : review, version: reviewVersion },
  };
}

const lanzhou = unitOf('620100', '兰州市', 3, 2);
const jiayuguan = unitOf('620200', '嘉峪关市', 1, 0);

function layoutOf(units: readonly ReviewSheetUnit[] = [lanzhou, jiayuguan]): WorkbookLayout {
  return reviewSheet({ rubric, cycle: { year: 2015, deadline: DEADLINE }, units, contact: '考核组 张三 0931-1234567' });
}

const sheet = (layout: WorkbookLayout, name: string): LayoutSheet => {
  const found = layout.sheets.find((s) => s.name === name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
};

function rowsById(s: LayoutSheet): Map<string, number> {
  const rows = new Map<string, number>();
  for (const [address, cell] of Object.entries(s.cells)) {
    const m = /^A(\d+)$/.exec(address);
    if (m && typeof cell.value === 'string' && Number(m[1]) >= REVIEW_FIRST_DATA_ROW) rows.set(cell.value, Number(m[1]));
  }
  return rows;
}

function cellAt(s: LayoutSheet, id: string, column: ReviewColumn): LayoutCell | undefined {
  const row = rowsById(s).get(id);
  if (row === undefined) throw new Error(`no row ${id}`);
  return s.cells[`${REVIEW_COLUMNS[column]}${row}`];
}

describe('examiners’ field sheet layout (2015: 兰州市 with a review, 嘉峪关市 without)', () => {
  const layout = layoutOf();
  const lz = sheet(layout, '兰州市');
  const jyg = sheet(layout, '嘉峪关市');

  it('has the cover, one protected sheet per unit named by the unit and marked with its code, and the very hidden identity sheet', () => {
    expect(layout.sheets.map((s) => [s.name, s.state, s.protected])).to.deep.equal([
      [REVIEW_COVER_SHEET, 'visible', true],
      ['兰州市', 'visible', true],
      ['嘉峪关市', 'visible', true],
      [REVIEW_IDENTITY_SHEET, 'veryHidden', true],
    ]);
    expect(parseUnitMarker(String(lz.cells.A1?.value))).to.equal('620100');
    expect(parseUnitMarker(String(jyg.cells.A1?.value))).to.equal('620200');
    expect(layout.date).to.equal(DEADLINE);
    expect(lz.columns.A).to.deep.equal({ width: 24, hidden: true });
    expect(lz.frozenRows).to.equal(REVIEW_HEADER_ROW);
    for (const key of Object.keys(REVIEW_COLUMNS) as ReviewColumn[])
      expect(lz.cells[`${REVIEW_COLUMNS[key]}${REVIEW_HEADER_ROW}`]?.value).to.equal(REVIEW_HEADERS[key]);
    const cover = sheet(layout, REVIEW_COVER_SHEET);
    const coverText = Object.values(cover.cells)
      .map((c) => String(c.value))
      .join('\n');
    expect(coverText).to.include('兰州市（620100，工作表“兰州市”）');
    expect(coverText).to.include(rubric.hash);
  });

  it('lists every checkpoint in rubric order with all its fields, the examiner’s too, and the veto’s fields', () => {
    const expected: string[] = [];
    for (const item of rubric.allItems) {
      expected.push(formatRowId({ kind: 'checkpoint', item: item.code }));
      for (const field of item.fields) {
        if (field.type === 'set')
          for (const member of field.values ?? []) expected.push(formatRowId({ kind: 'member', item: item.code, field: field.key, member }));
        else expected.push(formatRowId({ kind: 'field', item: item.code, field: field.key }));
      }
    }
    for (const veto of rubric.vetoes) for (const field of veto.fields) expected.push(formatRowId({ kind: 'field', item: veto.code, field: field.key }));
    const ids = [...rowsById(lz).keys()];
    expect(ids).to.deep.equal(expected);
    expect(ids.every((id) => parseRowId(id) !== null)).to.equal(true);
    expect(ids).to.include('field|G04.2|uninvestigatedAds');
    expect(ids).to.include('field|GV1|systemicIncident');
    expect(cellAt(lz, 'field|G04.2|uninvestigatedAds', 'title')?.value).to.include('（考核组填）');
  });

  it('shows the submitted values and self-scores read-only', () => {
    const { submitted } = splitEvidence(rubric, seedDocument('620100').items);
    for (const [code, item] of Object.entries(submitted)) {
      if (item.selfScore !== undefined) expect(cellAt(lz, `checkpoint|${code}`, 'selfScore')?.value, code).to.equal(item.selfScore);
      for (const [key, value] of Object.entries(item.values ?? {})) {
        if (Array.isArray(value)) {
          const field = rubric.items.get(code)?.fieldsByKey.get(key);
          for (const member of field?.values ?? [])
            expect(cellAt(lz, `member|${code}|${key}|${member}`, 'submitted')?.value).to.equal(value.includes(member) ? YES : NO);
        } else {
          const shown = value === true ? YES : value === false ? NO : value;
          expect(cellAt(lz, `field|${code}|${key}`, 'submitted')?.value, `${code}.${key}`).to.equal(shown);
        }
      }
    }
    expect(cellAt(lz, 'checkpoint|G01.1', 'selfScore')?.unlocked).to.equal(undefined);
    expect(cellAt(lz, 'field|G01.1|approvalReview', 'submitted')?.unlocked).to.equal(undefined);
  });

  it('unlocks exactly the examiner’s cells, each with a Chinese prompt and error, and nothing on the cover or identity sheet', () => {
    const expected = new Set<string>();
    for (const [id, row] of rowsById(lz)) {
      if (parseRowId(id)?.kind === 'checkpoint') expected.add(`I${row}`).add(`J${row}`).add(`K${row}`);
      else expected.add(`H${row}`);
    }
    const unlocked = Object.entries(lz.cells)
      .filter(([, c]) => c.unlocked)
      .map(([a]) => a);
    expect(unlocked.sort()).to.deep.equal([...expected].sort());
    for (const [address, cell] of Object.entries(lz.cells)) {
      expect(Boolean(cell.validation), address).to.equal(Boolean(cell.unlocked));
      if (!cell.validation) continue;
      expect(cell.validation.prompt, address).to.match(/[\u4e00-\u9fff]/);
      expect(cell.validation.error, address).to.match(/[\u4e00-\u9fff]/);
      expect(cell.validation.prompt.length, address).to.be.at.most(255);
      expect(cell.validation.error.length, address).to.be.at.most(225);
    }
    for (const name of [REVIEW_COVER_SHEET, REVIEW_IDENTITY_SHEET]) expect(Object.values(sheet(layout, name).cells).some((c) => c.unlocked)).to.equal(false);
    expect(cellAt(lz, 'checkpoint|G01.1', 'adjustment')?.validation).to.deep.include({ kind: 'decimal', min: 0, max: 1.5 });
    expect(cellAt(lz, 'checkpoint|G01.1', 'adjustment')?.validation?.prompt).to.include('调整理由');
    expect(cellAt(lz, 'checkpoint|G01.1', 'justification')?.validation).to.deep.include({ kind: 'textLength', max: 5000 });
    expect(cellAt(lz, 'checkpoint|G01.1', 'finding')?.validation).to.deep.include({ kind: 'textLength', max: 5000 });
    expect(cellAt(lz, 'field|GV1|systemicIncident', 'verified')?.validation).to.deep.include({ kind: 'list', values: [YES, NO] });
    expect(cellAt(lz, 'member|G01.1|lists|权力清单', 'verified')?.validation).to.deep.include({ kind: 'list', values: [YES, NO] });
  });

  it('is pre-filled with the unit’s current review, and blank for a unit without one', () => {
    const { review } = splitEvidence(rubric, seedDocument('620100').items);
    expect(Object.keys(review).length).to.be.above(0);
    for (const [code, item] of Object.entries(review)) {
      for (const [key, value] of Object.entries(item.values ?? {})) {
        if (Array.isArray(value)) continue;
        const shown = value === true ? YES : value === false ? NO : value;
        expect(cellAt(lz, `field|${code}|${key}`, 'verified')?.value, `${code}.${key}`).to.equal(shown);
      }
      if (item.finding !== undefined) expect(cellAt(lz, `checkpoint|${code}`, 'finding')?.value).to.equal(item.finding);
      if (item.adjustment !== undefined) {
        expect(cellAt(lz, `checkpoint|${code}`, 'adjustment')?.value).to.equal(item.adjustment.score);
        expect(cellAt(lz, `checkpoint|${code}`, 'justification')?.value).to.equal(item.adjustment.justification);
      }
    }
    expect(
      Object.values(jyg.cells)
        .filter((c) => c.unlocked)
        .every((c) => c.value === null),
    ).to.equal(true);
  });

  it('records the format, year, rubric and per unit the versions read at export', () => {
    const identity = sheet(layout, REVIEW_IDENTITY_SHEET);
    const pairs = Object.entries(identity.cells)
      .filter(([a]) => a.startsWith('A'))
      .map(([a, c]) => [c.value, identity.cells[`B${a.slice(1)}`]?.value]);
    expect(pairs).to.deep.equal([
      ['format', REVIEW_SHEET_FORMAT],
      ['year', '2015'],
      ['rubricId', rubric.id],
      ['rubricVersion', rubric.version],
      ['rubricHash', rubric.hash],
      ['units', '620100,620200'],
      ['submissionVersion|620100', '3'],
      ['reviewVersion|620100', '2'],
      ['submissionVersion|620200', '1'],
      ['reviewVersion|620200', '0'],
    ]);
  });
});

describe('field sheet unit sheet names', () => {
  it('follows Excel’s rules: forbidden characters full-width, at most 31 characters, unique regardless of case, never a fixed sheet’s name', () => {
    const names = unitSheetNames(
      [
        { code: '1', name: 'a/b:c' },
        { code: '2', name: 'A/B:C' },
        { code: '3', name: '封面' },
        { code: '4', name: 'x'.repeat(40) },
        { code: '5', name: 'History' },
      ],
      ['封面', '_kaohe'],
    );
    expect(names).to.deep.equal(['a／b：c', 'A／B：C（2）', '封面（3）', 'x'.repeat(31), 'History（5）']);
  });

  it('has no row for a filed target (目标备案): targets are approved in target filing, not verified on site', () => {
    const doc = readFileSync(fromRoot('rubrics', 'gansu-2015-1.1.0.json'), 'utf8').replace(/("key": "goodAirDaysTarget"[^}]*"filledBy": )"unit"/, '$1"target"');
    const withTarget = parseRubric(JSON.parse(doc));
    const empty: ReviewSheetUnit = {
      unit: { code: '620100', name: '兰州市' },
      submission: { items: {}, version: 0, submitted: false },
      review: { items: {}, version: 0 },
    };
    const layout = reviewSheet({ rubric: withTarget, cycle: { year: 2015, deadline: DEADLINE }, units: [empty], contact: '考核组' });
    const ids = [...rowsById(sheet(layout, '兰州市')).keys()];
    expect(ids).to.include(formatRowId({ kind: 'field', item: 'Q04.1', field: 'goodAirDays' }));
    expect(ids).to.not.include(formatRowId({ kind: 'field', item: 'Q04.1', field: 'goodAirDaysTarget' }));
  });
});
