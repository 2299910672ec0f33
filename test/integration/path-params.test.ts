/**
 * One set of path parameters: every route of the registry (allRoutes) that takes a
 * cycle, a unit, a run, … uses the one definition of it in src/api/schemas/path-params.ts,
 * so a year outside 2000–2100 or a malformed unit code is the same 400, naming the
 * parameter, on every route. A cycle is its year ("2015") or its year and body ("2015-620100"). Walks the registry itself, so that a route added later is
 * checked without being listed here. Real FerretDB, real HTTP.
 */
import { expect } from 'chai';
import type { z } from 'zod';
import { allRoutes } from '../../src/api/routes/index.js';
import type { RouteSpec } from '../../src/api/route.js';
import * as pathParams from '../../src/api/schemas/path-params.js';
import { type TestService, type TestUser, startService } from '../support/service.js';

/** Well-formed values of each path parameter; where a name means two things (:id), the one the route's schema takes. */
const SAMPLES: Readonly<Record<string, readonly string[]>> = {
  cycle: ['2015', '2015-620100'],
  unit: ['620100'],
  run: ['2015-1'],
  other: ['2015-2'],
  id: [`sha256:${'a'.repeat(64)}`, 'a'.repeat(24)],
  chart: ['chart-ranking.png'],
  analysis: ['0123456789abcdef'],
  username: ['lanzhou'],
};

interface Refusal {
  readonly code?: string;
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
}

/** The error body's code and its errors' paths and messages, typed. */
function refusalOf(body: unknown): { code: string | undefined; paths: string[]; messages: string[] } {
  const r = (body ?? {}) as Refusal;
  return { code: r.code, paths: (r.errors ?? []).map((e) => e.path), messages: (r.errors ?? []).map((e) => e.message) };
}

const paramNames = (spec: RouteSpec) => [...spec.path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);

function shapeOf(spec: RouteSpec): Record<string, z.ZodType> {
  return (spec.params as unknown as { shape: Record<string, z.ZodType> }).shape;
}

/** A well-formed value of each of the route's path parameters. */
function samplesOf(spec: RouteSpec): Record<string, string> {
  const shape = shapeOf(spec);
  const out: Record<string, string> = {};
  for (const name of paramNames(spec)) {
    const sample = (SAMPLES[name] ?? []).find((s) => shape[name]?.safeParse(s).success);
    if (sample === undefined) throw new Error(`no well-formed sample of :${name} for ${spec.path}`);
    out[name] = sample;
  }
  return out;
}

/** The route's path with every parameter well-formed except those in `override`. */
function pathOf(spec: RouteSpec, override: Readonly<Record<string, string>> = {}): string {
  const values = { ...samplesOf(spec), ...override };
  return `/api${spec.path.replace(/:(\w+)/g, (_whole, name: string) => encodeURIComponent(values[name] as string))}`;
}

describe('path parameters: one definition, the same checks on every route (real FerretDB, real HTTP)', function () {
  this.timeout(60_000);
  let service: TestService;
  let routes: RouteSpec[];

  before(async () => {
    service = await startService();
    routes = allRoutes(service.services);
  });
  after(async () => {
    await service.close();
  });

  /** A user of a role the route allows (the route's role check comes before its parameters'). */
  function callerOf(spec: RouteSpec): TestUser {
    const users = service.users;
    const user = [users.examiner, users.admin, users.auditor, users.city].find((u) => spec.roles === 'public' || spec.roles.includes(u.role));
    if (user === undefined) throw new Error(`no test user may call ${spec.method} ${spec.path}`);
    return user;
  }

  const withParam = (name: string) => routes.filter((r) => paramNames(r).includes(name));

  it('every route with path parameters declares exactly them, each from src/api/schemas/path-params.ts', () => {
    const definitions = new Set<unknown>(Object.values(pathParams));
    for (const spec of routes) {
      const names = paramNames(spec);
      if (names.length === 0) continue;
      const shape = shapeOf(spec);
      expect(Object.keys(shape).sort(), spec.path).to.deep.equal([...names].sort());
      for (const name of names) expect(definitions.has(shape[name]), `${spec.path} :${name}`).to.equal(true);
      expect(spec.params?.safeParse(samplesOf(spec)).success, spec.path).to.equal(true);
    }
  });

  for (const cycle of ['1999', '2101', '2101-620100']) {
    it(`cycle ${cycle} is a 400 naming $.params.cycle on every route with a :cycle, with one message`, async () => {
      const cycles = withParam('cycle');
      expect(cycles.length, 'routes with a :cycle').to.be.greaterThan(20);
      const messages = new Set<string>();
      for (const spec of cycles) {
        const reply = await service.request(spec.method.toUpperCase(), pathOf(spec, { cycle }), { user: callerOf(spec) });
        const where = `${spec.method.toUpperCase()} ${spec.path}`;
        expect(reply.status, `${where}: ${reply.text}`).to.equal(400);
        const refusal = refusalOf(reply.body);
        expect(refusal.code, where).to.equal('invalid');
        expect(refusal.paths, where).to.deep.equal(['$.params.cycle']);
        for (const m of refusal.messages) messages.add(m);
      }
      expect([...messages]).to.deep.equal(['年度应在 2000–2100 之间']);
    });
  }

  it('a malformed unit code is a 400 naming $.params.unit on every route with a :unit, with one message', async () => {
    const units = withParam('unit');
    expect(units.length, 'routes with a :unit').to.be.greaterThan(8);
    const messages = new Set<string>();
    for (const unit of ['62O100', '62010', '6201000']) {
      for (const spec of units) {
        const reply = await service.request(spec.method.toUpperCase(), pathOf(spec, { unit }), { user: callerOf(spec) });
        const where = `${spec.method.toUpperCase()} ${spec.path} (${unit})`;
        expect(reply.status, `${where}: ${reply.text}`).to.equal(400);
        const refusal = refusalOf(reply.body);
        expect(refusal.code, where).to.equal('invalid');
        expect(refusal.paths, where).to.deep.equal(['$.params.unit']);
        for (const m of refusal.messages) messages.add(m);
      }
    }
    expect([...messages]).to.deep.equal(['单位代码应为 6 位行政区划代码，例如 620100']);
  });

  it('the well-formed samples pass every route’s parameter check (so the refusals above are the year’s and the unit’s)', async () => {
    for (const spec of routes.filter((r) => paramNames(r).length > 0 && r.method === 'get')) {
      const reply = await service.request('GET', pathOf(spec), { user: callerOf(spec) });
      const where = `GET ${spec.path}: ${reply.text.slice(0, 300)}`;
      expect(
        refusalOf(reply.body).paths.filter((p) => p.startsWith('$.params')),
        where,
      ).to.deep.equal([]);
    }
  });
});
