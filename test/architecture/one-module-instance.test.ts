import { expect } from 'chai';
import * as exactStatic from '../../src/core/exact/index.js';

/**
 * The service imports the report code on demand (import()). Node 20.19 lets mocha load
 * test files with require(), and tsx then gave statically imported modules a CommonJS
 * copy and dynamically imported ones an ESM copy: two cores, whose exact-number classes
 * failed each other's instanceof checks. .mocharc.json therefore turns require(esm)
 * off (no-experimental-require-module), so that mocha imports test files as ES modules.
 */
describe('the test runner loads each module once', () => {
  it('a module imported statically and on demand is the same instance, as in the built code', async () => {
    const exactDynamic = await import('../../src/core/exact/index.js');
    expect(exactDynamic).to.equal(exactStatic);
  });
});
