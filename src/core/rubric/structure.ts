/**
 * Checks a schema-valid rubric document for what a schema cannot say: unique codes,
 * points that add up, numbers at the rubric's precision, coherent fields and grades,
 * and rules that read only declared fields.
 */
import { type Problem, at, problem } from '../errors.js';
import { type Num, add, cmp, fromDouble, isInteger, mul, toExactText } from '../exact/index.js';
import { Refusal, checkFieldValue, numOrUndefined } from './field-values.js';
import { checkRuleReads } from './rule-reads.js';
import type { DerivedSpec } from '../logic/derived.js';
import type { FieldDocument, RubricDocument } from './schema.js';

type Push = (code: Problem['code'], path: string, message: string) => void;

export function checkRubricStructure(doc: RubricDocument): Problem[] {
  const problems: Problem[] = [];
  const push: Push = (code, path, message) => problems.push(problem(code, path, message));
  checkCodes(doc, push);
  checkPoints(doc, push);
  forEachItem(doc, (item, path) => checkFields(item.fields, at(path, 'fields'), push));
  forEachItem(doc, (item, path) =>
    problems.push(
      ...checkRuleReads(item.rule, at(path, 'rule'), declaredFieldCheck(item.fields), path.startsWith('$.vetoes') ? undefined : derivedFieldCheck(item.fields)),
    ),
  );
  checkBonusGroups(doc, push);
  const newest = doc.changelog?.[0];
  if (newest !== undefined && newest.version !== doc.version) {
    push('schema_invalid', '$.changelog[0].version', `修订说明的第一条应是本版本 ${doc.version} 的修订，实际为 ${newest.version}`);
  }
  checkGrades(doc, push);
  checkRankingAndResultRule(doc, push, problems);
  checkUncertainty(doc, push);
  return problems;
}

type AnyItem = { code: string; fields: FieldDocument[]; rule: unknown };

/** Every checkpoint, bonus item, deduction item and veto with its JSONPath. */
function forEachItem(doc: RubricDocument, visit: (item: AnyItem, path: string) => void): void {
  doc.sections.forEach((s, si) =>
    s.indicators.forEach((ind, ii) => ind.checkpoints.forEach((c, ci) => visit(c, `$.sections[${si}].indicators[${ii}].checkpoints[${ci}]`))),
  );
  doc.bonus?.items.forEach((b, i) => visit(b, `$.bonus.items[${i}]`));
  doc.deductions?.items.forEach((d, i) => visit(d, `$.deductions.items[${i}]`));
  doc.vetoes.forEach((v, i) => visit(v, `$.vetoes[${i}]`));
}

function checkCodes(doc: RubricDocument, push: Push): void {
  const seen = new Map<string, string>();
  const claim = (code: string, path: string) => {
    const first = seen.get(code);
    if (first !== undefined) push('rubric_duplicate_code', at(path, 'code'), `编码 "${code}" 重复，已用于 ${first}`);
    else seen.set(code, path);
  };
  doc.sections.forEach((s, si) => {
    claim(s.code, `$.sections[${si}]`);
    s.indicators.forEach((ind, ii) => claim(ind.code, `$.sections[${si}].indicators[${ii}]`));
  });
  forEachItem(doc, (item, path) => claim(item.code, path));
  doc.bonus?.groups?.forEach((g, i) => claim(g.code, `$.bonus.groups[${i}]`));
  doc.flags.forEach((f, i) => claim(f.code, `$.flags[${i}]`));
}

function atPrecision(x: number, precision: number): boolean {
  return isInteger(mul(fromDouble(x), 10 ** precision));
}

function checkPoints(doc: RubricDocument, push: Push): void {
  const { precision } = doc;
  const precise = (x: number | undefined, path: string) => {
    if (x !== undefined && !atPrecision(x, precision)) push('rubric_points_mismatch', path, `分值 ${x} 超出考核细则规定的精度（${precision} 位小数）`);
  };
  let total: Num = 0;
  doc.sections.forEach((s, si) => {
    const sPath = `$.sections[${si}]`;
    let sum: Num = 0;
    s.indicators.forEach((ind, ii) =>
      ind.checkpoints.forEach((c, ci) => {
        const cPath = `${sPath}.indicators[${ii}].checkpoints[${ci}]`;
        precise(c.points, at(cPath, 'points'));
        precise(c.cap, at(cPath, 'cap'));
        if (c.cap !== undefined && c.cap < c.points) push('rubric_points_mismatch', at(cPath, 'cap'), `上限 ${c.cap} 不能低于分值 ${c.points}`);
        const na = c.notApplicable?.score;
        if (typeof na === 'number') {
          precise(na, at(cPath, 'notApplicable.score'));
          if (na > (c.cap ?? c.points)) push('rubric_points_mismatch', `${cPath}.notApplicable.score`, `不涉及得分 ${na} 超过该要点上限`);
        }
        sum = add(sum, fromDouble(c.points));
      }),
    );
    if (cmp(sum, fromDouble(s.points)) !== 0) {
      push('rubric_points_mismatch', at(sPath, 'points'), `一级指标 ${s.code} 标明 ${s.points} 分，但其考核要点合计 ${toExactText(sum)} 分`);
    }
    if (doc.aggregation === 'weighted') {
      if (s.weight === undefined) push('rubric_points_mismatch', at(sPath, 'weight'), '加权汇总时每个一级指标都必须有权重');
      total = add(total, mul(fromDouble(s.points), fromDouble(s.weight ?? 0)));
    } else {
      if (s.weight !== undefined) push('rubric_points_mismatch', at(sPath, 'weight'), '只有 aggregation 为 "weighted" 时才能设置权重');
      total = add(total, fromDouble(s.points));
    }
  });
  if (cmp(total, fromDouble(doc.total)) !== 0) {
    push(
      'rubric_points_mismatch',
      '$.total',
      `总分标明 ${doc.total} 分，但各一级指标${doc.aggregation === 'weighted' ? '加权' : ''}合计 ${toExactText(total)} 分`,
    );
  }
  precise(doc.bonus?.cap, '$.bonus.cap');
  doc.bonus?.groups?.forEach((g, i) => precise(g.cap, `$.bonus.groups[${i}].cap`));
  precise(doc.deductions?.cap, '$.deductions.cap');
  doc.bonus?.items.forEach((b, i) => precise(b.points, `$.bonus.items[${i}].points`));
  doc.deductions?.items.forEach((d, i) => precise(d.points, `$.deductions.items[${i}].points`));
  doc.result.grades.forEach((g, i) => precise(g.min, `$.result.grades[${i}].min`));
}

/** Without groups the bonus has one cap; with groups every item counts towards exactly one declared group. */
function checkBonusGroups(doc: RubricDocument, push: Push): void {
  const bonus = doc.bonus;
  if (bonus === undefined) return;
  const groups = bonus.groups ?? [];
  if (groups.length === 0) {
    if (bonus.cap === undefined) push('schema_invalid', '$.bonus.cap', '加分项须设置加分上限 cap（或分为若干加分组 groups，各设上限）');
    bonus.items.forEach((b, i) => {
      if (b.group !== undefined)
        push('schema_invalid', `$.bonus.items[${i}].group`, `加分项 ${b.code} 指定了加分组 "${b.group}"，但考核细则没有设置加分组 groups`);
    });
    return;
  }
  const declared = new Set(groups.map((g) => g.code));
  const used = new Set<string>();
  bonus.items.forEach((b, i) => {
    const path = `$.bonus.items[${i}].group`;
    if (b.group === undefined) push('schema_invalid', path, `加分项 ${b.code} 须指定所属加分组（可用：${[...declared].join('、')}）`);
    else if (!declared.has(b.group))
      push('schema_invalid', path, `加分项 ${b.code} 的加分组 "${b.group}" 未在 groups 中设置（可用：${[...declared].join('、')}）`);
    else used.add(b.group);
  });
  groups.forEach((g, i) => {
    if (!used.has(g.code)) push('schema_invalid', `$.bonus.groups[${i}]`, `加分组 ${g.code}（${g.title}）没有任何加分项`);
  });
}

function checkFields(fields: FieldDocument[], path: string, push: Push): void {
  const keys = new Set<string>();
  fields.forEach((f, i) => {
    const p = at(path, i);
    if (keys.has(f.key)) push('rubric_duplicate_code', at(p, 'key'), `字段 "${f.key}" 重复`);
    keys.add(f.key);
    const numeric = f.type === 'number' || f.type === 'integer';
    const choice = f.type === 'enum' || f.type === 'set';
    if (numeric && f.values) push('schema_invalid', at(p, 'values'), `${f.type} 类型的字段不能列出取值`);
    if (choice && !f.values) push('schema_invalid', at(p, 'values'), `${f.type} 类型的字段必须列出取值 values`);
    if (!numeric && (f.min !== undefined || f.max !== undefined || f.step !== undefined)) {
      push('schema_invalid', p, `${f.type} 类型的字段不能设置 min、max 或 step`);
    }
    if (f.type === 'integer' && f.step !== undefined) push('schema_invalid', at(p, 'step'), 'integer 类型的字段不设 step');
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) push('schema_invalid', p, `min ${f.min} 大于 max ${f.max}`);
    if (f.values && new Set(f.values).size !== f.values.length) push('schema_invalid', at(p, 'values'), '取值有重复');
    if (f.default !== undefined) {
      if (f.required === true) push('schema_invalid', at(p, 'default'), '有默认值的字段不能同时是必填（required: true）');
      const spec = { ...f, min: numOrUndefined(f.min), max: numOrUndefined(f.max), bounds: { min: f.min, max: f.max }, step: numOrUndefined(f.step) };
      const check = checkFieldValue(spec, f.default);
      if (check instanceof Refusal) push('schema_invalid', at(p, 'default'), `默认值无效：${check.message}`);
    }
    if (f.requiredWhen !== undefined) checkCondition(f, fields, at(p, 'requiredWhen'), push);
  });
}

/** Kinds of field a condition can name: ones with few, exact values. */
const CONDITION_TYPES: ReadonlySet<string> = new Set(['boolean', 'enum', 'integer']);

/**
 * A conditional field names other, unconditional fields of its item with values they can
 * take; it has no default or `required` of its own, and is never a filed target.
 */
function checkCondition(f: FieldDocument, fields: FieldDocument[], path: string, push: Push): void {
  if (f.default !== undefined) push('schema_invalid', path, '按条件填写的字段（requiredWhen）不能设置默认值');
  if (f.required !== undefined) push('schema_invalid', path, '按条件填写的字段（requiredWhen）不再设置 required：条件成立时必填，否则不填');
  if (f.filledBy === 'target') push('schema_invalid', path, '目标备案字段不能按条件填写');
  const entries = Object.entries(f.requiredWhen ?? {});
  if (entries.length === 0) push('schema_invalid', path, 'requiredWhen 至少要列出一个条件字段');
  for (const [key, wanted] of entries) {
    const where = at(path, key);
    const other = fields.find((o) => o.key === key);
    if (other === undefined || other === f) {
      const choices = fields.filter((o) => o !== f).map((o) => o.key);
      push('rubric_unknown_field', where, `条件字段 "${key}" 不是本考核要点的其他字段（可用：${choices.join('、') || '无'}）`);
      continue;
    }
    if (other.requiredWhen !== undefined) push('schema_invalid', where, `条件字段 "${key}" 本身也是按条件填写的字段，条件不能嵌套`);
    if (!CONDITION_TYPES.has(other.type)) push('schema_invalid', where, `条件字段 "${key}" 是 ${other.type} 类型；条件只能是 boolean、enum 或 integer 字段`);
    const spec = { ...other, min: numOrUndefined(other.min), max: numOrUndefined(other.max), bounds: { min: other.min, max: other.max }, step: undefined };
    for (const value of Array.isArray(wanted) ? wanted : [wanted]) {
      const check = checkFieldValue(spec, value);
      if (check instanceof Refusal) push('schema_invalid', where, `条件取值无效：${check.message}`);
    }
  }
}

function declaredFieldCheck(fields: FieldDocument[]) {
  const keys = new Set(fields.map((f) => f.key));
  return (segments: readonly string[], path: string) => {
    const [first] = segments;
    if (first === undefined || !keys.has(first)) {
      return problem('rubric_unknown_field', path, `规则读取了未声明的字段 "${segments.join('.')}"（已声明：${[...keys].join('、') || '无'}）`);
    }
    if (segments.length > 1) return problem('rubric_unknown_field', path, `字段 "${first}" 没有下级属性 "${segments.slice(1).join('.')}"`);
    return null;
  };
}

/** A statistic reads a declared number field of the item; last year's value, any declared field. */
function derivedFieldCheck(fields: FieldDocument[]) {
  return (spec: DerivedSpec, path: string) => {
    const field = fields.find((f) => f.key === spec.field);
    const declared = fields.map((f) => f.key).join('、') || '无';
    if (field === undefined) return problem('rubric_unknown_field', path, `规则读取了未声明的字段 "${spec.field}"（已声明：${declared}）`);
    if (spec.kind === 'population' && field.type !== 'number' && field.type !== 'integer') {
      return problem('rubric_unknown_field', path, `population 只能统计数值字段（number、integer），字段 "${spec.field}" 是 ${field.type}`);
    }
    return null;
  };
}

function checkGrades(doc: RubricDocument, push: Push): void {
  const { grades } = doc.result;
  const names = new Set<string>();
  grades.forEach((g, i) => {
    const p = `$.result.grades[${i}]`;
    if (names.has(g.grade)) push('rubric_grade_invalid', at(p, 'grade'), `结果 "${g.grade}" 重复`);
    names.add(g.grade);
    const last = i === grades.length - 1;
    if (!doc.result.rule && !last && g.min === undefined) push('rubric_grade_invalid', at(p, 'min'), '除最后一档外，每档都必须给出下限 min');
    if (last && g.min !== undefined) push('rubric_grade_invalid', at(p, 'min'), '最后一档不设下限：低于上一档下限的都归入此档');
    const prev = grades[i - 1]?.min;
    if (g.min !== undefined && prev !== undefined && g.min >= prev) push('rubric_grade_invalid', at(p, 'min'), `下限 ${g.min} 必须低于上一档的 ${prev}`);
  });
  const vetoResult = doc.result.veto;
  if (vetoResult !== undefined && !names.has(vetoResult)) push('rubric_grade_invalid', '$.result.veto', `否决结果 "${vetoResult}" 不在 grades 中`);
  doc.vetoes.forEach((v, i) => {
    if (v.result !== undefined && !names.has(v.result)) push('rubric_grade_invalid', `$.vetoes[${i}].result`, `否决结果 "${v.result}" 不在 grades 中`);
  });
}

// No `vetoed`: a triggered veto replaces whatever the result rule decides.
const RESULT_CONTEXT_TOP = new Set(['total', 'base', 'bonus', 'deductions']);
const RESULT_CONTEXT_LEAF = new Set(['score', 'max', 'rate']);

function checkRankingAndResultRule(doc: RubricDocument, push: Push, problems: Problem[]): void {
  const sections = new Set(doc.sections.map((s) => s.code));
  const items = new Set<string>();
  forEachItem(doc, (item) => items.add(item.code));
  doc.ranking.tieBreak.forEach((key, i) => {
    const [kind, code] = key.split(':');
    if (kind === 'section' && !sections.has(code as string)) push('rubric_unknown_field', `$.ranking.tieBreak[${i}]`, `没有编码为 "${code}" 的一级指标`);
    if (kind === 'item' && !items.has(code as string)) push('rubric_unknown_field', `$.ranking.tieBreak[${i}]`, `没有编码为 "${code}" 的考核要点`);
  });
  if (doc.result.rule === undefined) return;
  problems.push(
    ...checkRuleReads(doc.result.rule, '$.result.rule', (segments, path) => {
      const [first, code, leaf] = segments;
      if (segments.length === 1 && RESULT_CONTEXT_TOP.has(first as string)) return null;
      const known = first === 'sections' ? sections : first === 'items' ? items : null;
      if (known && segments.length === 3 && known.has(code as string) && RESULT_CONTEXT_LEAF.has(leaf as string)) return null;
      return problem(
        'rubric_unknown_field',
        path,
        `结果规则只能读取 total、base、bonus、deductions、sections.<编码>.score|max|rate 或 items.<编码>.score|max|rate，不能读取 "${segments.join('.')}"（一票否决在结果规则之后另行适用）`,
      );
    }),
  );
}

/** The fields a rubric's uncertainty declaration names exist (whether each may vary as declared is the analysis's to say). */
function checkUncertainty(doc: RubricDocument, push: Push): void {
  const declared = doc.uncertainty;
  if (declared === undefined) return;
  const fieldsOf = new Map<string, Set<string>>();
  forEachItem(doc, (item) => fieldsOf.set(item.code, new Set(item.fields.map((f) => f.key))));
  doc.vetoes.forEach((v) => fieldsOf.set(v.code, new Set(v.fields.map((f) => f.key))));
  const refs = [
    ...(declared.judgement?.fields ?? []).map((ref, i) => ({ ref, path: `$.uncertainty.judgement.fields[${i}]` })),
    ...declared.fields.map((ref, i) => ({ ref, path: `$.uncertainty.fields[${i}]` })),
  ];
  for (const { ref, path } of refs) {
    const fields = fieldsOf.get(ref.item);
    if (fields === undefined) push('rubric_unknown_field', `${path}.item`, `没有编码为 "${ref.item}" 的考核要点或否决项`);
    else if (!fields.has(ref.field)) push('rubric_unknown_field', `${path}.field`, `"${ref.item}" 没有字段 "${ref.field}"`);
  }
}
