import { expect } from 'chai';
import { type TestService, startService } from '../support/service.js';

interface Node {
  code: string;
  name: string;
  kind: string;
  level: string;
  parent?: string;
  children: Node[];
}

describe('GET /api/units/tree: the unit tree through the service (real FerretDB, real HTTP)', () => {
  let service: TestService;
  before(async () => {
    service = await startService();
  });
  after(async () => {
    await service.close();
  });

  it('gives a provincial examiner the whole tree: 甘肃省, 14 cities and prefectures, 86 county-level units, as of 2015-12-31', async () => {
    const reply = await service.request('GET', '/api/units/tree', { user: service.users.examiner });
    expect(reply.status).to.equal(200);
    const { asOf, path, unit } = reply.body as { asOf: string; path: Node[]; unit: Node };
    expect(asOf).to.equal('2015-12-31');
    expect(path.map((u) => u.code)).to.deep.equal(['620000']);
    expect(unit).to.include({ code: '620000', name: '甘肃省', level: 'province' });
    expect(unit.children).to.have.length(14);
    expect(unit.children.flatMap((c) => c.children)).to.have.length(86);
    expect(unit.children.map((c) => c.children.length)).to.deep.equal([8, 0, 2, 5, 7, 4, 6, 7, 7, 8, 7, 9, 8, 8]);
  });

  it('gives 兰州市’s clerk 兰州市’s subtree with ?under=620100: its path from the province and its eight county-level units', async () => {
    const reply = await service.request('GET', '/api/units/tree?under=620100', { user: service.users.city });
    expect(reply.status).to.equal(200);
    const { path, unit } = reply.body as { path: Node[]; unit: Node };
    expect(path.map((u) => `${u.code} ${u.name}`)).to.deep.equal(['620000 甘肃省', '620100 兰州市']);
    expect(unit.children.map((c) => [c.code, c.name, c.kind, c.level, c.parent])).to.deep.equal([
      ['620102', '城关区', '区', 'county', '620100'],
      ['620103', '七里河区', '区', 'county', '620100'],
      ['620104', '西固区', '区', 'county', '620100'],
      ['620105', '安宁区', '区', 'county', '620100'],
      ['620111', '红古区', '区', 'county', '620100'],
      ['620121', '永登县', '县', 'county', '620100'],
      ['620122', '皋兰县', '县', 'county', '620100'],
      ['620123', '榆中县', '县', 'county', '620100'],
    ]);
  });

  it('gives one county-level unit alone, with its path: 甘南藏族自治州 › 合作市', async () => {
    const reply = await service.request('GET', '/api/units/tree?under=623001', { user: service.users.auditor });
    expect(reply.status).to.equal(200);
    const { path, unit } = reply.body as { path: Node[]; unit: Node };
    expect(path.map((u) => u.name)).to.deep.equal(['甘肃省', '甘南藏族自治州', '合作市']);
    expect(unit).to.deep.equal({ code: '623001', name: '合作市', kind: '县级市', level: 'county', parent: '623000', children: [] });
  });

  it('refuses a code outside the tree with 404 naming it, a code that is not six digits with 400, and an unknown parameter with 400', async () => {
    const outside = await service.request('GET', '/api/units/tree?under=630100', { user: service.users.examiner });
    expect(outside.status).to.equal(404);
    expect(outside.body).to.include({ code: 'not_found', message: '单位代码 630100 不在甘肃省（620000）的单位树中' });
    const malformed = await service.request('GET', '/api/units/tree?under=62-01', { user: service.users.examiner });
    expect(malformed.status).to.equal(400);
    expect(malformed.body.message).to.equal('单位代码“62-01”不是 6 位数字的行政区划代码（GB/T 2260）');
    const unknown = await service.request('GET', '/api/units/tree?city=620100', { user: service.users.examiner });
    expect(unknown.status).to.equal(400);
  });

  it('is for signed-in users only, and leaves the register of assessed units as it was: the 14 cities', async () => {
    expect((await service.request('GET', '/api/units/tree')).status).to.equal(401);
    const register = await service.request('GET', '/api/units', { user: service.users.examiner });
    expect(register.status).to.equal(200);
    expect((register.body as { code: string }[]).map((u) => u.code))
      .to.have.length(14)
      .and.to.include('620100')
      .and.not.to.include('620102');
  });

  it('is described in the OpenAPI document with its ?under parameter', async () => {
    const reply = await service.request('GET', '/api/openapi.json');
    const get = reply.body.paths['/api/units/tree']?.get;
    expect(get, 'GET /api/units/tree').to.be.an('object');
    expect(get.parameters.map((p: { name: string }) => p.name)).to.deep.equal(['under']);
  });
});
