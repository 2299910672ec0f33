import { compileRule } from '../src/core/logic/index.js';
import { fromDouble } from '../src/core/exact/index.js';
const time = (name: string, f: () => void) => { f(); f(); const t = performance.now(); for (let i = 0; i < 10; i++) f(); console.log(name.padEnd(34), ((performance.now() - t) / 10 / 1e6 * 1e9).toFixed(1), 'ns/eval'); };
const slots = new Map([['coverage', 0], ['n', 1], ['funds', 2], ['flag', 3], ['parties', 4]]);
const N = 1e6;
const rules: Record<string, unknown> = {
  tier: { if: [{ '>=': [{ var: 'funds' }, 100] }, 2.5, { '>=': [{ var: 'funds' }, 50] }, 2, { '>=': [{ var: 'funds' }, 10] }, 1, { '>': [{ var: 'funds' }, 0] }, 0.5, 0] },
  ratioInt: { max: [0, { '-': [2.5, { '*': [0.5, { '-': [100, { var: 'n' }] }] }] }] },
  ratioFrac: { max: [0, { '-': [2.5, { '*': [0.5, { '-': [100, { var: 'coverage' }] }] }] }] },
  count: { min: [1, { '*': [0.2, { var: 'n' }] }] },
  setShortfall: { if: [{ '!': { var: 'flag' } }, 0, { max: [0, { '-': [2, { '*': [0.4, { '-': [5, { reduce: [{ var: 'parties' }, { '+': [{ var: 'accumulator' }, 1] }, 0] }] }] }] }] }] },
};
const values = [fromDouble(97.3), 97, 60, true, ['a', 'b', 'c']];
for (const [name, rule] of Object.entries(rules)) {
  const c = compileRule(rule, { slots });
  time(name, () => { for (let i = 0; i < N; i++) c.evaluate(values); });
}
import jsonLogic from 'json-logic-js';
const data = { coverage: 97.3, n: 97, funds: 60, flag: true, parties: ['a', 'b', 'c'] };
for (const [name, rule] of Object.entries(rules)) time('jl ' + name, () => { for (let i = 0; i < N; i++) jsonLogic.apply(rule as never, data); });
