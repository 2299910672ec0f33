/**
 * A filled template as WPS Office saves it. WPS is not on this machine, so the file is
 * the template with what WPS is known to write differently from Excel, applied to its
 * XML: a sheet dimension that says A1 whatever the sheet holds (the reason openpyxl's
 * read-only mode sees one cell of a WPS file), a custom document property
 * KSOProductBuildVer (WPS's signature) with its part, content type and relation, and
 * number cells that state their type (t="n"). The reader counts rows itself and never
 * trusts the dimension, so the file imports to the same items as the seeded evidence.
 */
import { expect } from 'chai';
import { templateFromFiles } from '../../src/cli/evidence-template-files.js';
import { readWorkbook } from '../../src/adapters/xlsx/read-workbook.js';
import { importEvidence } from '../../src/spreadsheet/evidence-import.js';
import { seedEvidence, seedRubric } from '../support/cli.js';
import { seededUnit } from '../support/workbook-read.js';
import { zipEntries } from '../support/xlsx-zip.js';
import { buildZip } from '../support/zip-build.js';

const CUSTOM_PROPERTIES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" ' +
  'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
  '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer"><vt:lpwstr>2052-12.1.0.16120</vt:lpwstr></property>' +
  '</Properties>';

function asWpsSaves(xlsx: Uint8Array): Uint8Array {
  const entries = zipEntries(xlsx).map(({ name, text }) => {
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(name))
      return {
        name,
        data: text.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1"/>').replace(/<c r="([A-Z]+\d+)"( s="\d+")?>(?=<v>)/g, '<c r="$1"$2 t="n">'),
      };
    if (name === '[Content_Types].xml')
      return {
        name,
        data: text.replace(
          '</Types>',
          '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
        ),
      };
    if (name === '_rels/.rels')
      return {
        name,
        data: text.replace(
          '</Relationships>',
          '<Relationship Id="rIdWps" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
        ),
      };
    return { name, data: text };
  });
  return buildZip([...entries, { name: 'docProps/custom.xml', data: CUSTOM_PROPERTIES }]);
}

describe('a filled template as WPS Office saves it', () => {
  it('imports to the seeded items and self total, whatever the sheets say their dimension is', async () => {
    const seeded = seededUnit('620500');
    const template = await templateFromFiles(seedRubric, seedEvidence('620500'));
    const wps = asWpsSaves(template.bytes);
    const changed = zipEntries(wps).find((e) => e.name === 'xl/worksheets/sheet2.xml')?.text ?? '';
    expect(changed)
      .to.include('<dimension ref="A1"/>')
      .and.match(/ t="n"><v>/);

    const read = await readWorkbook(wps);
    if (!read.ok) expect.fail(read.reason);
    const result = importEvidence(read.workbook, seeded.rubric, { year: 2015, unit: seeded.unit, rubricHash: seeded.rubric.hash });
    if (!result.ok) expect.fail(JSON.stringify(result.problems, null, 1));
    expect(JSON.stringify(result.items)).to.equal(JSON.stringify(seeded.items));
    expect(result.selfTotal).to.equal(seeded.selfTotal);
  });
});
