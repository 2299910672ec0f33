import { expect } from 'chai';
import { renumberStructureIds } from '../../src/adapters/pdf/structure-ids.js';

/** A tagged PDF's structure as Chromium writes it: elements in document order, then the ID tree sorted by node id. */
function printed(ids: readonly [string, string, string]): string {
  const [a, b, c] = ids;
  const elements = `1 0 obj\n<</S /TH\n/ID (node${a})>>\nendobj\n2 0 obj\n<</S /TD\n/A [<</Headers [(node${a})]>>]\n/ID (node${b})>>\nendobj\n3 0 obj\n<</S /TD\n/ID (node${c})>>\nendobj\n`;
  const byId = [
    [a, 1],
    [b, 2],
    [c, 3],
  ].sort((x, y) => String(x[0]).localeCompare(String(y[0])));
  const names = byId.map(([id, obj]) => `(node${id}) ${obj} 0 R`).join(' ');
  return `${elements}4 0 obj\n<</Limits [(node${byId[0]?.[0]}) (node${byId[2]?.[0]})]\n/Names [${names}]>>\nendobj\n`;
}

describe('report.pdf: structure ids that depend on how busy the machine was', () => {
  it('two prints whose DOM nodes were numbered differently come out byte for byte the same', () => {
    const quiet = printed(['00000021', '00000022', '00000030']);
    const busy = printed(['00000165', '00000040', '00000166']);
    expect(quiet).to.not.equal(busy);
    expect(renumberStructureIds(busy)).to.equal(renumberStructureIds(quiet));
  });

  it('keeps the length, the header references and a sorted ID tree', () => {
    const busy = printed(['00000165', '00000040', '00000166']);
    const stable = renumberStructureIds(busy);
    expect(stable.length).to.equal(busy.length);
    expect(stable).to.include('/ID (node00000001)').and.include('/Headers [(node00000001)]');
    expect(stable).to.include('/Limits [(node00000001) (node00000003)]\n/Names [(node00000001) 1 0 R (node00000002) 2 0 R (node00000003) 3 0 R]');
  });
});
