import { expect } from 'chai';
import { initialUnits, initialUnitTree } from '../../src/adapters/files/bootstrap-data.js';
import { assessingCycle, registerTopUnits, resolveUnits } from '../../src/services/cycles/cycle-units.js';

const { tree } = initialUnitTree();
const register = initialUnits();
const CITIES = register.map((u) => u.code).sort();
const LANZHOU_COUNTIES = ['620102', '620103', '620104', '620105', '620111', '620121', '620122', '620123'];
const withCounties = [...register, ...LANZHOU_COUNTIES.map((code) => ({ code, name: tree.byCode.get(code)!.name, kind: tree.byCode.get(code)!.kind }))];

describe('whom a cycle assesses: its body and units against the Gansu tree', () => {
  it('by default the province assesses the register’s 14 cities, even once a city’s counties have joined the register', () => {
    expect(CITIES).to.have.length(14);
    expect(resolveUnits(tree, register, {})).to.deep.equal({ ok: true, body: '620000', units: CITIES });
    expect(registerTopUnits(tree, withCounties)).to.deep.equal(CITIES);
    const stored = { year: 2014, rubricHash: 'sha256:x', rubricId: 'gansu-2015', deadline: '', createdBy: 'examiner', createdAt: '', version: 1 };
    expect(assessingCycle(tree, stored, withCounties)).to.deep.include({ body: '620000', units: CITIES });
  });

  it('a declared set within the body is kept, in code order; the province may assess counties directly', () => {
    expect(resolveUnits(tree, register, { body: '620100', units: ['620123', '620102'] })).to.deep.equal({
      ok: true,
      body: '620100',
      units: ['620102', '620123'],
    });
    expect(resolveUnits(tree, register, { units: ['620302', '620102'] })).to.deep.equal({ ok: true, body: '620000', units: ['620102', '620302'] });
  });

  it('every problem is named, each at its path: twice listed, outside the body, malformed, and an empty list', () => {
    const refused = resolveUnits(tree, register, { body: '620100', units: ['620102', '620102', '620200', '6201'] });
    expect(refused).to.deep.equal({
      ok: false,
      problems: [
        { code: 'unit_duplicate', path: '$.body.units[1]', message: '单位 620102 重复列出' },
        { code: 'unit_not_within', path: '$.body.units[2]', message: '单位 620200 不在兰州市（620100）的辖区内' },
        { code: 'unit_code_format', path: '$.body.units[3]', message: '单位代码“6201”不是 6 位数字的行政区划代码（GB/T 2260）' },
      ],
    });
    expect(resolveUnits(tree, register, { body: '620100', units: [] })).to.deep.equal({
      ok: false,
      problems: [{ code: 'unit_none', path: '$.body.units', message: '所考核的单位不能为空；考核下级全部单位时请省略 units' }],
    });
  });
});
