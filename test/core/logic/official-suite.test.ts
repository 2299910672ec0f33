import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import jsonLogic from 'json-logic-js';
import { compileRule, toPlain } from '../../../src/core/logic/index.js';
import { fromRoot } from '../../support/paths.js';

// The official JsonLogic test suite (jsonlogic.com/tests.json), vendored so CI needs no network.
const suite = JSON.parse(readFileSync(fromRoot('test', 'cases', 'logic', 'official-tests.json'), 'utf8')) as unknown[];

describe('the official JsonLogic test suite', () => {
  let section = '';
  for (const entry of suite) {
    if (typeof entry === 'string') {
      section = entry.replace(/^#\s*/, '');
      continue;
    }
    const [rule, data, expected] = entry as [unknown, unknown, unknown];
    const title = `${section}: ${JSON.stringify(rule)} on ${JSON.stringify(data)}`;
    it(`Kaohe's evaluator: ${title}`, () => {
      expect(toPlain(compileRule(rule).evaluate(data))).to.deep.equal(expected);
    });
    it(`Kaohe's evaluator, tracing: ${title}`, () => {
      const compiled = compileRule(rule);
      expect(toPlain(compiled.evaluate(data, new Array(compiled.nodes.length)))).to.deep.equal(expected);
    });
    it(`json-logic-js agrees: ${title}`, () => {
      expect(jsonLogic.apply(rule as never, data)).to.deep.equal(expected);
    });
  }
});
