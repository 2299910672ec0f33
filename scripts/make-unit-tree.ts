/**
 * Makes seeds/units-tree/china-2015.json, the country's unit tree, from the Ministry of
 * Civil Affairs list as compiled in yescallop/areacodes (one "code name" line per unit,
 * parents before children, no kinds):
 *
 *   git -C <areacodes clone> show eed219a0678d36bacaa717f62443b10e869f0291:data/2015.txt > /tmp/2015.txt
 *   npx tsx scripts/make-unit-tree.ts /tmp/2015.txt seeds/units-tree/china-2015.json
 *
 * A unit's kind is read from the end of its name (自治县 before 县); its
 * parent from its code: a county sits under its city where the list has one, otherwise
 * directly under its province (a municipality's districts, the xx90yy units a province
 * administers itself). The tree is checked by buildUnitTree before it is written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { COUNTRY_CODE, type UnitLevel, type UnitTreeNode, buildUnitTree, levelOfCode } from '../src/records/unit-tree.js';

const SOURCE_COMMIT = 'eed219a0678d36bacaa717f62443b10e869f0291';

/**
 * 台湾省, 香港 and 澳门: GB/T 2260 lists them without subdivisions, and no cycle can
 * assess them (the State Council's 质量工作考核 assesses the 31 provinces, autonomous
 * regions and municipalities), so the tree leaves them out.
 */
const LEFT_OUT = new Set(['710000', '810000', '820000']);

const MUNICIPALITIES = new Set(['110000', '120000', '310000', '500000']);

/**
 * The one 林区 and the one 特区 of GB/T 2260, by code: a name ending cannot tell them
 * (万柏林区, 西林区, 北林区 and 碑林区 are districts).
 */
const ONE_OF_A_KIND: ReadonlyMap<string, string> = new Map([
  ['429021', '林区'],
  ['520203', '特区'],
]);

/** Name endings by level, longest first where one ends another. */
const KIND_BY_ENDING: Readonly<Record<Exclude<UnitLevel, 'country'>, readonly (readonly [string, string])[]>> = {
  province: [
    ['自治区', '自治区'],
    ['省', '省'],
  ],
  city: [
    ['自治州', '自治州'],
    ['地区', '地区'],
    ['盟', '盟'],
    ['市', '地级市'],
  ],
  county: [
    ['自治县', '自治县'],
    ['自治旗', '自治旗'],
    ['区', '区'],
    ['县', '县'],
    ['旗', '旗'],
    ['市', '县级市'],
  ],
};

function kindOf(code: string, name: string): string {
  const level = levelOfCode(code);
  if (level === 'country') throw new Error(`${code} ${name}: the country is not in the list`);
  if (level === 'province' && MUNICIPALITIES.has(code)) return '直辖市';
  const special = ONE_OF_A_KIND.get(code);
  if (special) return special;
  const found = KIND_BY_ENDING[level].find(([ending]) => name.endsWith(ending));
  if (!found) throw new Error(`${code} ${name}: no kind for this name`);
  return found[1];
}

interface Mutable {
  code: string;
  name: string;
  kind: string;
  children?: Mutable[];
}

function treeOf(lines: readonly string[]): Mutable {
  const country: Mutable = { code: COUNTRY_CODE, name: '中华人民共和国', kind: '国家', children: [] };
  const byCode = new Map<string, Mutable>([[COUNTRY_CODE, country]]);
  for (const line of lines) {
    const match = /^(\d{6}) (\S+)$/.exec(line);
    if (!match) throw new Error(`not a "code name" line: ${line}`);
    const [, code, name] = match as unknown as [string, string, string];
    const province = `${code.slice(0, 2)}0000`;
    if (LEFT_OUT.has(province)) continue;
    // A city's 市辖区 line has no name of its own: its districts sit under the city itself.
    if (name === '市辖区' || name === '县' || name === '省直辖县级行政区划' || name === '自治区直辖县级行政区划') continue;
    const level = levelOfCode(code);
    const parentCode =
      level === 'province' ? COUNTRY_CODE : level === 'city' ? province : byCode.has(`${code.slice(0, 4)}00`) ? `${code.slice(0, 4)}00` : province;
    const parent = byCode.get(parentCode);
    if (!parent) throw new Error(`${code} ${name}: its parent ${parentCode} comes later or not at all`);
    const unit: Mutable = { code, name, kind: kindOf(code, name) };
    if (level !== 'county') unit.children = [];
    (parent.children ??= []).push(unit);
    byCode.set(code, unit);
  }
  return country;
}

/** JSON with each county on a line of its own, as gansu-2015.json is written. */
function written(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = `${indent}  `;
    return `[\n${value.map((v) => inner + written(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.every(([, v]) => typeof v !== 'object')) return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }`;
    const inner = `${indent}  `;
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${written(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

const [input, output] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: npx tsx scripts/make-unit-tree.ts <data/2015.txt> <out.json>');
const lines = readFileSync(input, 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '');
const root = treeOf(lines) as UnitTreeNode;
const built = buildUnitTree(root, '$.root');
if (!built.ok) throw new Error(built.problems.map((p) => `${p.path} ${p.message}`).join('\n'));

const file = {
  source: {
    title: '中华人民共和国县级以上行政区划代码（民政部），截至 2015 年 12 月 31 日',
    asOf: '2015-12-31',
    retrieved: `https://github.com/yescallop/areacodes, data/2015.txt at commit ${SOURCE_COMMIT} (2025-11-04; CC0 1.0; compiled from the Ministry of Civil Affairs lists of county-level and higher division codes and its change notices; the file is the same at c28a89cf00a93643dc9edb8bef24bcb7274f33a5, which gansu-2015.json cites). Made by scripts/make-unit-tree.ts.`,
    checked: [
      'Against 民政部《2015年社会服务发展统计公报》 (www.gov.cn, 2016-07-12): 334 prefecture-level units (291 地级市, 10 地区, 30 自治州, 3 盟) and 2,850 county-level units (921 市辖区, 361 县级市, 1,397 县, 117 自治县, 49 旗, 3 自治旗, 1 特区, 1 林区; the bulletin prints the total as 2580, its parts add up to 2,850). The same counts are in this tree.',
      'Gansu’s subtree (620000) equals seeds/units-tree/gansu-2015.json.',
    ],
    notes: [
      'The country has no code in GB/T 2260; it is 000000 here, so that trailing zeros still give the level.',
      'Left out: 710000 台湾省, 810000 香港特别行政区 and 820000 澳门特别行政区, which GB/T 2260 lists without subdivisions and no cycle assesses. 31 province-level units remain.',
      'County-level units with no prefecture-level unit above them sit directly under their province: the districts and counties of 北京, 天津, 上海 and 重庆, and the units a province administers itself (419001 济源市, 429004 仙桃市, 429005 潜江市, 429006 天门市, 429021 神农架林区, the 15 units 4690xx in 海南, the 8 units 6590xx in 新疆).',
      'Prefecture-level cities with no county-level units: 441900 东莞市, 442000 中山市, 460300 三沙市, 460400 儋州市, 620200 嘉峪关市.',
      'The source has no 市辖区 placeholder lines (xx01) for 2015; the script would skip them, as they name no government of their own.',
    ],
  },
  root,
};
writeFileSync(output, `${written(file)}\n`);
const counts: Record<string, number> = {};
for (const u of built.tree.units) counts[u.level] = (counts[u.level] ?? 0) + 1;
console.log(`${output}: ${JSON.stringify(counts)}`);
