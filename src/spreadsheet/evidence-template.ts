/**
 * The evidence template (evidence-template/v1) for one unit, as a WorkbookLayout: the
 * cover, the evidence sheet (section → indicator → checkpoint, bonus and deduction
 * items too, each followed by the fields the unit fills) and the identity sheet, laid
 * out exactly as src/spreadsheet/contract.ts says, pre-filled with the unit's draft.
 *
 * Fields the examiner fills (filledBy 'examiner') are left out: the unit cannot give
 * them (a save carrying one is refused), an empty read-only row would only invite
 * questions, and the examiners get their own field sheet. A target field (filledBy
 * 'target') gets a read-only row without an identifier: the approved target the value
 * will be compared with (or 未备案), which the importer passes by.
 */
import { toNumber } from '../core/exact/index.js';
import type { Field, Item, Rubric } from '../core/rubric/model.js';
import type { FiledTargets, UnitItem } from '../records/index.js';
import {
  COLUMNS,
  EVIDENCE_SHEET,
  FIRST_DATA_ROW,
  HEADER_ROW,
  HEADERS,
  IDENTITY_KEYS,
  IDENTITY_SHEET,
  type RowId,
  TEMPLATE_FORMAT,
  TITLE_ROW,
  type TemplateIdentity,
  formatRowId,
} from './contract.js';
import { coverSheet, templateTitle } from './template-cover.js';
import { fieldInput, fieldUnitAndRange, memberInput, noteInput, notApplicableInput, selfScoreInput, selfTotalInput } from './template-inputs.js';
import type { LayoutCell, LayoutSheet, WorkbookLayout } from './workbook-layout.js';
import { TARGET_ROW_REMARK, filedTarget, targetText } from './target-cells.js';

export interface EvidenceTemplateInput {
  readonly rubric: Rubric;
  readonly unit: { readonly code: string; readonly name: string };
  readonly cycle: { readonly year: number; readonly deadline: string };
  /** The unit's current draft as stored (version 0 and no items when nothing was saved); `submitted` once the unit has submitted it. */
  readonly draft: { readonly items: Readonly<Record<string, UnitItem>>; readonly selfTotal?: number; readonly version: number; readonly submitted?: boolean };
  /** Who to ask, for the cover. */
  readonly contact: string;
  /** The unit's target filing (目标备案), for the rubric's target fields; absent: none filed. */
  readonly targets?: FiledTargets;
}

const LAST_COLUMN = COLUMNS.note;

const WIDTHS: Readonly<Record<keyof typeof COLUMNS, number>> = {
  rowId: 24,
  section: 6,
  indicator: 16,
  code: 8,
  title: 34,
  points: 6,
  method: 42,
  materials: 26,
  unitAndRange: 14,
  value: 24,
  notApplicable: 8,
  selfScore: 8,
  note: 28,
};

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** The stored item of a code, read defensively (own keys only: the draft is stored JSON). */
function draftItem(items: Readonly<Record<string, UnitItem>>, code: string): UnitItem {
  return hasOwn(items, code) ? (items[code] ?? {}) : {};
}

function draftValue(item: UnitItem, key: string): unknown {
  return item.values !== undefined && hasOwn(item.values, key) ? item.values[key] : undefined;
}

/** Column I of a checkpoint's row: when it may be declared 不涉及, or that the examiners fill all of its values (a deduction item, say). */
function checkpointRemark(item: Item): string | null {
  if (item.notApplicable !== undefined) return `可申报不涉及${item.notApplicable.when === undefined ? '' : `：${item.notApplicable.when}`}`;
  if (item.fields.length > 0 && item.fields.every((f) => f.filledBy === 'examiner')) return '由考核组核定，本单位无需填报值';
  return null;
}

/** Builds the evidence sheet's rows one after another. */
class EvidenceRows {
  readonly cells: Record<string, LayoutCell> = {};
  readonly merges: string[] = [];
  private row = FIRST_DATA_ROW;

  constructor(private readonly input: EvidenceTemplateInput) {}

  private set(column: keyof typeof COLUMNS, cell: LayoutCell): void {
    this.cells[`${COLUMNS[column]}${this.row}`] = cell;
  }

  private id(id: RowId): void {
    this.set('rowId', { value: formatRowId(id), style: 'identifier' });
  }

  /** A heading across the table (a section, the bonus or deduction items); it has no identifier, so the importer passes it by. */
  heading(text: string): void {
    this.set('section', { value: text, style: 'section' });
    this.merges.push(`${COLUMNS.section}${this.row}:${LAST_COLUMN}${this.row}`);
    this.row++;
  }

  item(item: Item, group: string, indicator: string): void {
    const { rubric, draft } = this.input;
    const stored = draftItem(draft.items, item.code);
    this.id({ kind: 'checkpoint', item: item.code });
    this.set('section', { value: group, style: 'checkpoint' });
    this.set('indicator', { value: indicator, style: 'checkpoint' });
    this.set('code', { value: item.code, style: 'checkpoint' });
    this.set('title', { value: item.title, style: 'checkpoint' });
    this.set('points', { value: toNumber(item.points), style: 'checkpoint' });
    this.set('method', { value: item.method, style: 'wrap' });
    this.set('materials', { value: item.materials.join('\n'), style: 'wrap' });
    this.set('unitAndRange', { value: checkpointRemark(item), style: 'wrap' });
    this.set('value', { value: null, style: 'checkpoint' });
    this.set('notApplicable', item.notApplicable === undefined ? { value: null, style: 'checkpoint' } : notApplicableInput(item, stored.notApplicable));
    this.set('selfScore', selfScoreInput(item, rubric.precision, stored.selfScore));
    this.set('note', noteInput(stored.note));
    this.row++;
    for (const field of item.fields) if (field.filledBy === 'target') this.target(item.code, field);
    for (const field of item.fields) if (field.filledBy === 'unit') this.field(item.code, field, draftValue(stored, field.key));
  }

  /** A target's read-only row, before the fields the unit fills: what their values will be compared with. No identifier, so an import passes it by. */
  private target(code: string, field: Field): void {
    this.fieldText(code, field.label, TARGET_ROW_REMARK);
    this.set('value', { value: targetText(field, filedTarget(this.input.targets, code, field.key)), style: 'wrap' });
    this.row++;
  }

  /** A veto's fields the unit fills (none in the Gansu rubric), under a heading: a veto has no points, 自评分 or 说明. */
  vetoFields(code: string, title: string, fields: readonly Field[]): void {
    const own = fields.filter((f) => f.filledBy === 'unit');
    if (own.length === 0) return;
    this.heading(`否决项 ${code} ${title}`);
    const stored = draftItem(this.input.draft.items, code);
    for (const field of own) this.field(code, field, draftValue(stored, field.key));
  }

  private field(code: string, field: Field, value: unknown): void {
    if (field.type === 'set') {
      for (const member of field.values ?? []) {
        this.id({ kind: 'member', item: code, field: field.key, member });
        this.fieldText(code, `${field.label}：${member}`, fieldUnitAndRange(field));
        this.set('value', memberInput(field, member, value));
        this.row++;
      }
      return;
    }
    this.id({ kind: 'field', item: code, field: field.key });
    this.fieldText(code, field.label, fieldUnitAndRange(field));
    this.set('value', fieldInput(field, value));
    this.row++;
  }

  private fieldText(code: string, label: string, unitAndRange: string): void {
    // Empty bordered cells, so that a field's row prints as part of the table.
    for (const column of ['section', 'indicator', 'points', 'method', 'materials'] as const) this.set(column, { value: null, style: 'text' });
    this.set('code', { value: code, style: 'text' });
    this.set('title', { value: label, style: 'wrap' });
    this.set('unitAndRange', { value: unitAndRange, style: 'text' });
  }

  selfTotal(max: number, value: number | undefined): void {
    this.id({ kind: 'selfTotal' });
    this.set('title', { value: '自评总分', style: 'checkpoint' });
    this.set('unitAndRange', { value: `0–${max}`, style: 'text' });
    this.set('selfScore', selfTotalInput(max, value));
    this.row++;
  }
}

function evidenceSheet(input: EvidenceTemplateInput): LayoutSheet {
  const { rubric } = input;
  const rows = new EvidenceRows(input);
  for (const section of rubric.sections) {
    rows.heading(`${section.code} ${section.title}（${toNumber(section.points)} 分）`);
    for (const indicator of section.indicators) {
      for (const item of indicator.items) rows.item(item, section.code, `${indicator.code} ${indicator.title}`);
    }
  }
  if (rubric.bonus) {
    rows.heading(`${rubric.bonus.title}（最多加 ${toNumber(rubric.bonus.cap)} 分）`);
    for (const item of rubric.bonus.items) rows.item(item, '加分', rubric.bonus.title);
  }
  if (rubric.deductions) {
    const cap = rubric.deductions.cap === undefined ? '' : `（最多扣 ${toNumber(rubric.deductions.cap)} 分）`;
    rows.heading(`${rubric.deductions.title}${cap}`);
    for (const item of rubric.deductions.items) rows.item(item, '扣分', rubric.deductions.title);
  }
  for (const veto of rubric.vetoes) rows.vetoFields(veto.code, veto.title, veto.fields);
  rows.heading('合计');
  const most = toNumber(rubric.total) + (rubric.bonus ? toNumber(rubric.bonus.cap) : 0);
  rows.selfTotal(most, input.draft.selfTotal);

  const cells: Record<string, LayoutCell> = {
    [`${COLUMNS.section}${TITLE_ROW}`]: { value: `${templateTitle(input.cycle.year, input.unit.name)}（黄色单元格为填报栏）`, style: 'title' },
    ...rows.cells,
  };
  for (const key of Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]) cells[`${COLUMNS[key]}${HEADER_ROW}`] = { value: HEADERS[key], style: 'header' };
  const columns: Record<string, { width: number; hidden?: boolean }> = {};
  for (const key of Object.keys(COLUMNS) as (keyof typeof COLUMNS)[])
    columns[COLUMNS[key]] = { width: WIDTHS[key], ...(key === 'rowId' ? { hidden: true } : {}) };
  return {
    name: EVIDENCE_SHEET,
    state: 'visible',
    columns,
    cells,
    merges: [`${COLUMNS.section}${TITLE_ROW}:${LAST_COLUMN}${TITLE_ROW}`, ...rows.merges],
    frozenRows: HEADER_ROW,
    protected: true,
  };
}

/** The file's identity, which the importer checks before reading a row. */
export function templateIdentity(input: EvidenceTemplateInput): TemplateIdentity {
  return {
    format: TEMPLATE_FORMAT,
    year: String(input.cycle.year),
    unit: input.unit.code,
    unitName: input.unit.name,
    rubricId: input.rubric.id,
    rubricVersion: input.rubric.version,
    rubricHash: input.rubric.hash,
    submissionVersion: String(input.draft.version),
  };
}

function identitySheet(identity: TemplateIdentity): LayoutSheet {
  const cells: Record<string, LayoutCell> = {};
  IDENTITY_KEYS.forEach((key, i) => {
    cells[`A${i + 1}`] = { value: key, style: 'identifier' };
    cells[`B${i + 1}`] = { value: identity[key], style: 'identifier' };
  });
  return { name: IDENTITY_SHEET, state: 'veryHidden', columns: { A: { width: 20 }, B: { width: 80 } }, cells, protected: true };
}

export function evidenceTemplate(input: EvidenceTemplateInput): WorkbookLayout {
  return {
    title: templateTitle(input.cycle.year, input.unit.name),
    // The cycle's deadline, never the clock: the same draft gives the same bytes.
    date: input.cycle.deadline,
    sheets: [
      coverSheet({
        rubric: input.rubric,
        unit: input.unit,
        year: input.cycle.year,
        deadline: input.cycle.deadline,
        draftVersion: input.draft.version,
        submitted: input.draft.submitted === true,
        prefilled: Object.keys(input.draft.items).length > 0 || input.draft.selfTotal !== undefined,
        contact: input.contact,
      }),
      evidenceSheet(input),
      identitySheet(templateIdentity(input)),
    ],
  };
}
