import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { withFieldValues } from '../../src/core/evidence/index.js';
import {
  type EvidenceDocument,
  KaoheError,
  assessPrepared,
  buildResults,
  parseEvidence,
  parseRubric,
  prepareEvidence,
  seededRandom,
} from '../../src/core/index.js';
import { toNumber } from '../../src/core/exact/index.js';
import { fromRoot } from '../support/paths.js';

const rubric = parseRubric(JSON.parse(readFileSync(fromRoot('rubrics', 'gansu-2015-1.1.0.json'), 'utf8')));
const dir = fromRoot('seeds', 'evidence', '2015-1.1.0');
const documents = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => parseEvidence(JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'))));

/** Number fields the unit filled and no other field's asking depends on, with a value to move. */
const movable = rubric.allItems.flatMap((item) =>
  item.fields
    .filter((f) => f.type === 'number' && f.filledBy === 'unit' && !item.fields.some((g) => g.requiredWhen?.some((c) => c.key === f.key)))
    .map((field) => ({ item: item.code, field })),
);

function withValue(document: EvidenceDocument, item: string, key: string, value: number): EvidenceDocument {
  const entry = document.items?.[item] ?? {};
  return { ...document, items: { ...document.items, [item]: { ...entry, values: { ...entry.values, [key]: value } } } };
}

describe('a variant of prepared evidence (withFieldValues, for analyses scoring many variants)', () => {
  it('scores exactly as the same document prepared afresh, for random changes to every seed unit', () => {
    const random = seededRandom(13);
    const prepared = documents.map((d) => prepareEvidence(rubric, d));
    for (let round = 0; round < 8; round++) {
      const documentsNow: EvidenceDocument[] = [];
      const variants = documents.map((document, u) => {
        // As an analysis does: only values the unit gave vary.
        const picks = movable.filter(({ item, field }) => typeof document.items?.[item]?.values?.[field.key] === 'number' && random() < 0.3);
        const changes = picks.map(({ item, field }) => ({
          item,
          field,
          value: Math.round((toNumber(field.min ?? 0) + random() * (toNumber(field.max ?? 100) - toNumber(field.min ?? 0))) * 10) / 10,
        }));
        const changed = changes.reduce((d, c) => withValue(d, c.item, c.field.key, c.value), document);
        documentsNow.push(changed);
        return withFieldValues(prepared[u] as (typeof prepared)[number], () => changed, changes);
      });
      const afresh = documentsNow.map((d) => prepareEvidence(rubric, d));
      const options = { engineVersion: 'test' };
      expect(buildResults(rubric, assessPrepared(rubric, variants, options), documentsNow)).to.deep.equal(
        buildResults(rubric, assessPrepared(rubric, afresh, options), documentsNow),
      );
      expect(variants[0]?.evidence).to.equal(documentsNow[0]);
    }
  });

  it('refuses a value outside its field, naming where it would sit in the evidence', () => {
    const [{ item, field }] = movable as [(typeof movable)[number]];
    const prepared = prepareEvidence(rubric, documents[0] as EvidenceDocument);
    expect(() => withFieldValues(prepared, () => documents[0] as EvidenceDocument, [{ item, field, value: 1000 }]))
      .to.throw(KaoheError)
      .with.property('path', `$.items[${JSON.stringify(item)}].values.${field.key}`);
  });
});
