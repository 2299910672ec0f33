/**
 * parseRubric: rubric JSON in, runnable Rubric out, or a KaoheError listing every
 * problem with its path. Nothing is half-accepted.
 */
import { KaoheError, type Problem, at } from '../errors.js';
import { EXCERPT_LENGTH, excerpt } from '../excerpt.js';
import { type Num, type RoundingMode, add, fromDouble, min } from '../exact/index.js';
import { TABLE_STEPS_PER_RUBRIC, buildDecisionTable, packTables } from './decision-table.js';
import { compileRule } from '../logic/index.js';
import { type FixedRule, SCALE, compileFixed, toScaled } from '../logic/fixed-point.js';
import { contentHash } from '../provenance/index.js';
import { parseWith, tooDeep } from '../validation.js';
import type { BonusGroup, DerivedRead, Field, FieldCondition, FieldValue, Item, ItemKind, Rubric, Section, Veto } from './model.js';
import { type DerivedSpec, derivedKey } from '../logic/derived.js';
import { type CheckpointDocument, type FieldDocument, type ItemDocument, type RubricDocument, rubricSchema } from './schema.js';
import { checkRuleCost } from './rule-cost.js';
import { checkRubricStructure } from './structure.js';

/**
 * A rubric's JSON is at most this deep: a rule at the 32 levels compileRule allows is
 * about 70 (each operator is an object and an argument array) under its checkpoint.
 */
const MAX_JSON_DEPTH = 128;

/** The document nested deeper than any rubric may be, or null: checked before anything walks it recursively. */
export function rubricTooDeep(json: unknown): Problem | null {
  return tooDeep(json, MAX_JSON_DEPTH);
}

export type RubricCheck = { ok: true; rubric: Rubric } | { ok: false; problems: Problem[] };

/** Validates and compiles; never throws for a bad document. */
export function checkRubric(json: unknown): RubricCheck {
  const deep = rubricTooDeep(json);
  if (deep) return { ok: false, problems: [deep] };
  const parsed = parseWith(rubricSchema, json);
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map(brief) };
  const problems = checkRubricStructure(parsed.value);
  if (problems.length > 0) return { ok: false, problems: problems.map(brief) };
  try {
    return { ok: true, rubric: buildRubric(parsed.value, json) };
  } catch (error) {
    if (error instanceof KaoheError) return { ok: false, problems: error.problems.map(brief) };
    throw error;
  }
}

/** A problem as shown to a user: a message may quote a rule's key or value, which may be megabytes long. */
function brief(p: Problem): Problem {
  return { ...p, path: excerpt(p.path, 2 * EXCERPT_LENGTH), message: excerpt(p.message, 2 * EXCERPT_LENGTH) };
}

export function parseRubric(json: unknown): Rubric {
  const check = checkRubric(json);
  if (!check.ok) throw new KaoheError(check.problems);
  return check.rubric;
}

const num = (x: number): Num => fromDouble(x);
const optionalNum = (x: number | undefined): Num | undefined => (x === undefined ? undefined : fromDouble(x));

/** Hands out value slots and trace ids so that every rule of a rubric shares one array of each per unit. */
interface Layout {
  slotCount: number;
  traceSize: number;
  /** Every item's derived reads so far, each with a slot of its own. */
  readonly derived: DerivedRead[];
  /** Steps decision tables may still spend while this rubric is parsed (decision-table.ts). */
  tableSteps: number;
}

function buildFields(docs: readonly FieldDocument[], path: string, layout: Layout): Field[] {
  const first = layout.slotCount;
  layout.slotCount += docs.length;
  return docs.map((f, i) => buildField(f, `${path}.fields[${i}]`, first + i, docs, first));
}

/**
 * Compiles a rule (limits on depth and nodes), then refuses it if its worst case is
 * over the step budget. An item's rule (`item` is its index) may read across units and
 * years: each distinct derived read gets a value slot, recorded in `reads`.
 */
function compileWithLayout(rule: unknown, path: string, fields: readonly Field[], layout: Layout, item?: { index: number; reads: DerivedRead[] }) {
  const known = new Map<string, DerivedRead>();
  const derived =
    item === undefined
      ? undefined
      : (spec: DerivedSpec, where: string) => {
          const key = derivedKey(spec);
          const field = fields.find((f) => f.key === spec.field);
          if (field === undefined) throw new KaoheError([{ code: 'rubric_unknown_field', path: where, message: `规则读取了未声明的字段 "${spec.field}"` }]);
          let read = known.get(key);
          if (read === undefined) {
            read = { index: layout.derived.length, kind: spec.kind, item: item.index, field, statistic: spec.statistic, slot: layout.slotCount++ };
            known.set(key, read);
            item.reads.push(read);
            layout.derived.push(read);
          }
          return read.slot;
        };
  const compiled = compileRule(rule, { path, slots: byKeySlot(fields), traceBase: layout.traceSize, derived });
  const steps = checkRuleCost(rule, path, fields);
  layout.traceSize += compiled.nodes.length;
  return { compiled, steps };
}

/** The fixed-point form of an item's rule, when the rubric's precision fits its grid. */
function compileFixedFor(rule: unknown, fields: readonly Field[], reads: readonly DerivedRead[], precision: number): FixedRule | null {
  if (10 ** precision > SCALE) return null;
  const numeric = (f: Field) => f.type === 'number' || f.type === 'integer';
  const numericSlots = new Set(fields.filter(numeric).map((f) => f.slot));
  for (const r of reads) if (r.kind === 'population' || numeric(r.field)) numericSlots.add(r.slot);
  const derived = new Map(reads.map((r) => [derivedKey({ kind: r.kind, field: r.field.key, statistic: r.statistic }), r.slot]));
  return compileFixed(rule, { slots: byKeySlot(fields), numericSlots, derived });
}

function byKeySlot(fields: readonly Field[]): ReadonlyMap<string, number> {
  return new Map(fields.map((f) => [f.key, f.slot]));
}

/** `siblings` are the item's field documents, whose slots start at `first`: a conditional field's conditions name them. */
function buildField(f: FieldDocument, path: string, slot: number, siblings: readonly FieldDocument[], first: number): Field {
  const field: Field = {
    key: f.key,
    label: f.label,
    type: f.type,
    unit: f.unit,
    min: optionalNum(f.min),
    max: optionalNum(f.max),
    bounds: { min: f.min, max: f.max },
    step: optionalNum(f.step),
    values: f.values,
    required: f.default === undefined && f.required !== false && f.requiredWhen === undefined,
    requiredWhen: f.requiredWhen && conditionsOf(f.requiredWhen, siblings, first),
    default: f.default === undefined ? undefined : defaultValue(f.default),
    filledBy: f.filledBy,
    path,
    slot,
  };
  return field;
}

function conditionsOf(when: NonNullable<FieldDocument['requiredWhen']>, siblings: readonly FieldDocument[], first: number): FieldCondition[] {
  return Object.entries(when).map(([key, wanted]) => {
    const at = siblings.findIndex((s) => s.key === key);
    const other = siblings[at] as FieldDocument;
    return { key, label: other.label, type: other.type, slot: first + at, values: (Array.isArray(wanted) ? wanted : [wanted]).map(defaultValue) };
  });
}

function defaultValue(value: NonNullable<FieldDocument['default']>): FieldValue {
  return typeof value === 'number' ? fromDouble(value) : value;
}

function byKey(fields: readonly Field[]): ReadonlyMap<string, Field> {
  return new Map(fields.map((f) => [f.key, f]));
}

function buildItem(
  index: number,
  kind: ItemKind,
  doc: ItemDocument | CheckpointDocument,
  path: string,
  place: { section?: string; indicator?: string },
  layout: Layout,
  scoring: { readonly precision: number; readonly rounding: RoundingMode },
): Item {
  const checkpoint = kind === 'checkpoint' ? (doc as CheckpointDocument) : undefined;
  const points = num(doc.points);
  const naScore = checkpoint?.notApplicable?.score;
  const fields = buildFields(doc.fields, path, layout);
  const cap = checkpoint?.cap === undefined ? points : num(checkpoint.cap);
  const reads: DerivedRead[] = [];
  const { compiled: rule, steps } = compileWithLayout(doc.rule, at(path, 'rule'), fields, layout, { index, reads });
  // A table covers the item's own fields only: a rule that reads across units or years is not tabulated.
  const table =
    reads.length > 0
      ? { table: null, spent: 0 }
      : buildDecisionTable({ rule, fields, cap }, layout.slotCount, scoring.precision, scoring.rounding, {
          stepsPerCell: steps,
          available: layout.tableSteps,
        });
  layout.tableSteps -= table.spent;
  return {
    index,
    kind,
    code: doc.code,
    title: doc.title,
    points,
    cap,
    capScaled: toScaled(cap),
    method: doc.method,
    materials: doc.materials,
    lead: doc.lead,
    cooperate: doc.cooperate,
    task: doc.task,
    key: checkpoint?.key === true,
    fields,
    fieldsByKey: byKey(fields),
    rule,
    derivedReads: reads,
    fixed: compileFixedFor(doc.rule, fields, reads, scoring.precision),
    table: table.table,
    notApplicable: naScore === undefined ? undefined : { score: naScore === 'full' ? points : num(naScore), when: checkpoint?.notApplicable?.when },
    sectionCode: place.section,
    indicatorCode: place.indicator,
    path,
  };
}

function buildRubric(doc: RubricDocument, json: unknown): Rubric {
  const layout: Layout = { slotCount: 0, traceSize: 0, derived: [], tableSteps: TABLE_STEPS_PER_RUBRIC };
  const items = new Map<string, Item>();
  const allItems: Item[] = [];
  const keep = (make: (index: number) => Item) => {
    const item = make(allItems.length);
    items.set(item.code, item);
    allItems.push(item);
    return item;
  };
  const sections: Section[] = doc.sections.map((s, si) => {
    const indicators = s.indicators.map((ind, ii) => ({
      code: ind.code,
      title: ind.title,
      items: ind.checkpoints.map((c, ci) =>
        keep((index) =>
          buildItem(index, 'checkpoint', c, `$.sections[${si}].indicators[${ii}].checkpoints[${ci}]`, { section: s.code, indicator: ind.code }, layout, doc),
        ),
      ),
    }));
    return {
      code: s.code,
      title: s.title,
      points: num(s.points),
      weight: optionalNum(s.weight),
      indicators,
      items: indicators.flatMap((ind) => ind.items),
    };
  });
  const bonusItems = doc.bonus?.items.map((b, i) => keep((index) => buildItem(index, 'bonus', b, `$.bonus.items[${i}]`, {}, layout, doc)));
  const deductionItems = doc.deductions?.items.map((d, i) => keep((index) => buildItem(index, 'deduction', d, `$.deductions.items[${i}]`, {}, layout, doc)));
  packTables(allItems.flatMap((item) => (item.table === null ? [] : [item.table])));
  const lastGrade = doc.result.grades[doc.result.grades.length - 1]?.grade as string;
  const vetoResult = doc.result.veto ?? lastGrade;
  const vetoes: Veto[] = doc.vetoes.map((v, i) => {
    const fields = buildFields(v.fields, `$.vetoes[${i}]`, layout);
    return {
      index: i,
      code: v.code,
      title: v.title,
      method: v.method,
      basis: v.basis,
      fields,
      fieldsByKey: byKey(fields),
      rule: compileWithLayout(v.rule, `$.vetoes[${i}].rule`, fields, layout).compiled,
      result: v.result ?? vetoResult,
      path: `$.vetoes[${i}]`,
    };
  });
  return {
    document: doc,
    hash: contentHash(json),
    id: doc.id,
    version: doc.version,
    year: doc.year,
    title: doc.title,
    total: num(doc.total),
    precision: doc.precision,
    rounding: doc.rounding,
    aggregation: doc.aggregation,
    sections,
    checkpoints: sections.flatMap((s) => s.items),
    bonus: doc.bonus && bonusItems ? bonusOf(doc.bonus, bonusItems) : undefined,
    deductions: doc.deductions && deductionItems ? { title: doc.deductions.title, cap: optionalNum(doc.deductions.cap), items: deductionItems } : undefined,
    vetoes,
    result: {
      grades: doc.result.grades.map((g) => ({ grade: g.grade, min: optionalNum(g.min), label: g.label, text: g.text, consequence: g.consequence })),
      veto: vetoResult,
      rule: doc.result.rule === undefined ? undefined : compileResultRule(doc.result.rule),
    },
    ranking: doc.ranking,
    flags: doc.flags,
    uncertainty: doc.uncertainty,
    items,
    allItems,
    derivedReads: layout.derived,
    slotCount: layout.slotCount,
    traceSize: layout.traceSize,
  };
}

/** The result rule reads only numbers (totals and scores), so its cost is its tree's. */
function compileResultRule(rule: unknown) {
  const compiled = compileRule(rule, { path: '$.result.rule' });
  checkRuleCost(rule, '$.result.rule', []);
  return compiled;
}

function bonusOf(bonus: NonNullable<RubricDocument['bonus']>, items: readonly Item[]): NonNullable<Rubric['bonus']> {
  const groups: BonusGroup[] = (bonus.groups ?? []).map((g) => ({
    code: g.code,
    title: g.title,
    cap: num(g.cap),
    items: items.filter((_, i) => bonus.items[i]?.group === g.code),
  }));
  let groupsCeiling: Num = 0;
  for (const g of groups) groupsCeiling = add(groupsCeiling, g.cap);
  const overall = optionalNum(bonus.cap);
  const cap = overall === undefined ? groupsCeiling : groups.length > 0 ? min(overall, groupsCeiling) : overall;
  return { title: bonus.title, cap, overallCap: overall !== undefined, groups, items };
}
