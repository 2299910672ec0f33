import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { jsonSchemas } from '../../src/cli/json-schemas.js';
import { fromRoot } from '../support/paths.js';

describe('the JSON Schemas published in docs/schema', () => {
  for (const [name, generated] of Object.entries(jsonSchemas())) {
    it(`${name} is what the zod schemas generate today (regenerate with: npx kaohe rubric schema --out docs/schema)`, () => {
      expect(readFileSync(fromRoot('docs', 'schema', name), 'utf8')).to.equal(generated);
    });
  }
});
