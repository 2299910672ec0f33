/**
 * Reading a filled sheet's input cells into a document's values, for both imports (a
 * unit's evidence template and an examiner's field sheet): an empty cell is no answer, a
 * formula or a value its field refuses is a problem at its cell, and every JSON path read
 * remembers its cell, so that the core's own problems with the document land on a cell too.
 */
import type { EvidenceDocument, Problem } from '../core/index.js';
import type { Field } from '../core/rubric/index.js';
import { type CellReading, isEmptyCell, readChoice, readNumber, readYesNo, shownValue } from './cell-values.js';
import { coreReasonForSheet } from './core-reason.js';
import type { CellRead } from './workbook-read.js';

/** One problem of a workbook, where a clerk finds it. */
export interface ImportProblem {
  readonly sheet: string;
  /** The cell as a spreadsheet names it, e.g. "证据!J37" (empty when the problem is the whole file). */
  readonly cell: string;
  /** The checkpoint's code. */
  readonly item?: string;
  /** The field's label (or the input's header: 不涉及, 自评分, 说明). */
  readonly field?: string;
  /** What the cell holds, as shown. */
  readonly found?: string;
  readonly reason: string;
}

/** One input cell: where it is and what it holds. */
export interface Input {
  readonly sheet: string;
  readonly ref: string;
  readonly cell: CellRead | undefined;
}

/** The cell a JSON path was read from, and the checkpoint and label a problem there names. */
export interface InputPlace {
  readonly input: Input;
  readonly item: string | undefined;
  readonly label: string;
}

export type FieldValue = NonNullable<NonNullable<EvidenceDocument['items']>[string]['values']>[string];

export abstract class CellInputReader {
  readonly problems: ImportProblem[] = [];
  /** JSON path in the document → the input it came from, to place the core's problems. */
  readonly places = new Map<string, InputPlace>();

  /** The input cell in `column` of the row whose identifier is `rowId`, or undefined when the sheet has no such row. */
  protected abstract input(rowId: string, column: string): Input | undefined;

  /** The reading of a non-empty input, or undefined for an empty one; a formula is refused at its cell. */
  read<T>(input: Input | undefined, item: string | undefined, label: string, path: string, reader: (cell: CellRead) => CellReading<T>): T | undefined {
    if (input === undefined || isEmptyCell(input.cell)) return undefined;
    const cell = input.cell as CellRead;
    this.places.set(path, { input, item, label });
    if (cell.formula !== undefined) {
      this.problem(input, item, label, `=${cell.formula.replace(/^=/, '')}`, '这里要填写值，不能是公式；请把公式换成它的结果');
      return undefined;
    }
    const reading = reader(cell);
    if (!reading.ok) {
      this.problem(input, item, label, shownValue(cell), reading.reason);
      return undefined;
    }
    return reading.value;
  }

  problem(input: Input, item: string | undefined, field: string | undefined, found: string, reason: string): void {
    this.problems.push({
      sheet: input.sheet,
      cell: input.ref,
      ...(item === undefined ? {} : { item }),
      ...(field === undefined ? {} : { field }),
      found,
      reason,
    });
  }

  /** A field's value from its row's cell in `column`; a set's from its members' rows: those answered 是, in the rubric's order, and none when every member's cell is empty. */
  protected fieldValue(code: string, field: Field, path: string, column: string): FieldValue | undefined {
    if (field.type === 'set') return this.setValue(code, field, path, column);
    const input = this.input(`field|${code}|${field.key}`, column);
    switch (field.type) {
      case 'number':
      case 'integer':
        return this.read(input, code, field.label, path, (c) => readNumber(c, field.unit === undefined ? {} : { unit: field.unit }));
      case 'boolean':
        return this.read(input, code, field.label, path, readYesNo);
      case 'enum':
        return this.read(input, code, field.label, path, (c) => readChoice(c, field.values ?? []));
    }
  }

  private setValue(code: string, field: Field, path: string, column: string): string[] | undefined {
    const members: string[] = [];
    let answered = false;
    for (const member of field.values ?? []) {
      const input = this.input(`member|${code}|${field.key}|${member}`, column);
      const yes = this.read(input, code, `${field.label}：${member}`, `${path}#${member}`, readYesNo);
      if (yes === undefined) continue;
      if (!this.places.has(path) && input !== undefined) this.places.set(path, { input, item: code, label: field.label });
      answered = true;
      if (yes) members.push(member);
    }
    return answered ? members : undefined;
  }
}

/** The path's own place, or its nearest enclosing one's (a problem about a whole item goes to its row). */
function placeOf(places: ReadonlyMap<string, InputPlace>, path: string): InputPlace | undefined {
  for (let p = path; p.length > 0;) {
    const found = places.get(p);
    if (found !== undefined) return found;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return undefined;
    p = p.slice(0, cut);
  }
  return undefined;
}

/** A problem the core found in the document read, at the cell its path came from (or its sheet's, `sheet`, when no cell). */
export function atCell(places: ReadonlyMap<string, InputPlace>, p: Problem, sheet = ''): ImportProblem {
  const place = placeOf(places, p.path);
  if (place === undefined) return { sheet, cell: '', reason: coreReasonForSheet(p.message) };
  return {
    sheet: place.input.sheet,
    cell: place.input.ref,
    ...(place.item === undefined ? {} : { item: place.item }),
    field: place.label,
    found: shownValue(place.input.cell),
    reason: coreReasonForSheet(p.message),
  };
}
