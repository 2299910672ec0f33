/** How an analysis scored its scenarios, in the words every output prints (the command line, the page, the bulletin, the workbook). */
export function scenarioWords(how: { readonly method: 'exact' | 'sample'; readonly scenarios: number; readonly seed: number }): string {
  return how.method === 'exact'
    ? `逐一枚举全部 ${how.scenarios.toLocaleString('en-US')} 种组合（精确概率）`
    : `按种子 ${how.seed} 抽样 ${how.scenarios.toLocaleString('en-US')} 次`;
}
