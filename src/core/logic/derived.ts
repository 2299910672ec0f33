/**
 * The two operators that read beyond one unit's evidence for this year:
 *
 *   {"population": ["coverage", "mean"]}   a statistic of the item's field over every unit
 *                                          of the assessment (count, min, max, mean, median,
 *                                          rank, rank-asc: this unit's place, 1 = best)
 *   {"previous": "coverage"}               this unit's value of the field last year
 *   {"previous": ["coverage", 0]}          … or 0 when it has none
 *
 * They are not JsonLogic: they exist only in rubric item rules, where the engine
 * computes their values before scoring (stages/population.ts) and puts each in a
 * value slot of its own, so a rule reads them exactly as it reads a field.
 */
export const DERIVED_OPERATORS: ReadonlySet<string> = new Set(['population', 'previous']);

export const STATISTICS = ['count', 'min', 'max', 'mean', 'median', 'rank', 'rank-asc'] as const;
export type Statistic = (typeof STATISTICS)[number];

export type DerivedKind = 'population' | 'previous';

/** One derived read as written: the field, and the statistic or the fallback. */
export interface DerivedSpec {
  readonly kind: DerivedKind;
  readonly field: string;
  readonly statistic?: Statistic;
  /** What `previous` reads when the unit has no value last year (null when the rule gives none). */
  readonly fallback: unknown;
}

/** The key one value slot is shared under: reads of the same thing share a slot (fallbacks live in the rule). */
export function derivedKey(spec: Pick<DerivedSpec, 'kind' | 'field' | 'statistic'>): string {
  return spec.kind === 'population' ? `population:${spec.field}:${spec.statistic ?? ''}` : `previous:${spec.field}`;
}

const isScalar = (x: unknown) => x === null || typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean';

/** The read as written in `{op: raw}`, or a message (Chinese) saying what is wrong with it. */
export function parseDerived(op: DerivedKind, raw: unknown): DerivedSpec | string {
  if (op === 'population') {
    const [key, statistic, ...rest] = Array.isArray(raw) ? (raw as unknown[]) : [];
    if (!Array.isArray(raw) || rest.length > 0 || typeof key !== 'string' || typeof statistic !== 'string') {
      return `population 的写法是 {"population": ["字段", "统计量"]}，字段和统计量（${STATISTICS.join('、')}）都是固定的字符串`;
    }
    if (!(STATISTICS as readonly string[]).includes(statistic)) return `population 不认识统计量 "${statistic}"（可用：${STATISTICS.join('、')}）`;
    return { kind: op, field: key, statistic: statistic as Statistic, fallback: null };
  }
  const [key, fallback, ...rest] = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  if (rest.length > 0 || typeof key !== 'string' || (fallback !== undefined && !isScalar(fallback))) {
    return 'previous 的写法是 {"previous": "字段"} 或 {"previous": ["字段", 缺省值]}，字段是固定的字符串，缺省值是固定的数值、字符串、布尔值或 null';
  }
  return { kind: op, field: key, fallback: fallback === undefined ? null : fallback };
}

/** The words a statistic is explained with. */
export const STATISTIC_WORDS: Readonly<Record<Statistic, string>> = {
  count: '参评单位数',
  min: '最小值',
  max: '最大值',
  mean: '平均值',
  median: '中位数',
  rank: '名次（从高到低）',
  'rank-asc': '名次（从低到高）',
};
