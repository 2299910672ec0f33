import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { KaoheError } from '../../../src/core/index.js';
import { compileRule, toPlain } from '../../../src/core/logic/index.js';
import { fromRoot } from '../../support/paths.js';

type ErrorCase = { rule: unknown; data: unknown; error: { code: string; path?: string } };

// Kaohe's own cases, in the official suite's format (see the file's header string).
const suite = JSON.parse(readFileSync(fromRoot('test', 'cases', 'logic', 'kaohe-semantics.json'), 'utf8')) as unknown[];

function run(rule: unknown, data: unknown, traced: boolean): unknown {
  const compiled = compileRule(rule);
  return toPlain(compiled.evaluate(data, traced ? new Array(compiled.nodes.length) : null));
}

describe('where Kaohe differs from or adds to json-logic-js (test/cases/logic/kaohe-semantics.json)', () => {
  let section = '';
  for (const entry of suite) {
    if (typeof entry === 'string') {
      section = entry.replace(/^#\s*/, '');
      continue;
    }
    for (const traced of [false, true]) {
      const how = traced ? ', tracing' : '';
      if (Array.isArray(entry)) {
        const [rule, data, expected] = entry as [unknown, unknown, unknown];
        it(`${section}${how}: ${JSON.stringify(rule)} on ${JSON.stringify(data)} is ${JSON.stringify(expected)}`, () => {
          expect(run(rule, data, traced)).to.deep.equal(expected);
        });
      } else {
        const { rule, data, error } = entry as ErrorCase;
        it(`${section}${how}: ${JSON.stringify(rule).slice(0, 120)} is refused with ${error.code}`, () => {
          let caught: unknown;
          try {
            run(rule, data, traced);
          } catch (e) {
            caught = e;
          }
          expect(caught).to.be.instanceOf(KaoheError);
          const { code, path } = caught as KaoheError;
          expect({ code, path: error.path === undefined ? undefined : path }).to.deep.equal({ code: error.code, path: error.path });
        });
      }
    }
  }
});
