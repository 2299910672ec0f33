/** How an analysis scored its scenarios, in the words every output prints (the command line, the page, the bulletin, the workbook). */
export function scenarioWords(how: { readonly method: 'exact' | 'sample'; readonly scenarios: number; readonly seed: number }): string {
  return how.method === 'exact'
    ? `逐一枚举全部 ${how.scenarios.toLocaleString('en-US')} 种组合（精确概率）`
    : `按种子 ${how.seed} 抽样 ${how.scenarios.toLocaleString('en-US')} 次`;
}

/** What varied, counted, in the same words everywhere: 28 个证据值、5 项权重或分值可变. */
export function variedCountWords(counts: { readonly variations: number; readonly weights: number }): string {
  return `${[`${counts.variations} 个证据值`, ...(counts.weights > 0 ? [`${counts.weights} 项权重或分值`] : [])].join('、')}可变`;
}
