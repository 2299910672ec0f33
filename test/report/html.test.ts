import { expect } from 'chai';
import type { ResultsV1, UnitResultV1 } from '../../src/core/index.js';
import { chartSpecs } from '../../src/report/charts/index.js';
import { fixed } from '../../src/report/format.js';
import { bulletinHtml, scorecardHtml } from '../../src/report/html/index.js';
import { bodyRows, elementById, headerCells, tableByClass, textOf } from '../support/html-read.js';
import { gansuRubric, goldenResults, madeUpPreviousYear, standInCharts, withInjection } from '../support/html-fixtures.js';

const results = goldenResults();
const rubric = gansuRubric();
const charts = standInCharts(results);
const places = results.rubric.precision;
const unit = (name: string) => results.units.find((u) => u.name === name) as UnitResultV1;

describe('the HTML bulletin (report.html)', () => {
  const html = bulletinHtml({ results, rubric }, charts);

  it('When the bulletin is built, Then it is one self-contained document: no script, stylesheet link or remote address', () => {
    expect(html.startsWith('<!DOCTYPE html>')).to.equal(true);
    expect(html).to.include('<html lang="zh-CN">');
    expect(html).not.to.match(/<script|<link|src="http|url\(http/i);
    expect(html).to.include('"Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif');
  });

  it('When the bulletin is built, Then it names the year and the rubric by title, id, version and content hash', () => {
    const front = textOf(elementById(html, 'front'));
    expect(front).to.include(`${results.year}年度`);
    for (const text of [results.rubric.title, results.rubric.id, results.rubric.version, results.rubric.hash]) expect(front).to.include(text);
  });

  it('When the bulletin is built, Then every unit is in the ranked table, in rank order, with total, sections, bonus and deductions at the precision of results.json', () => {
    const rows = bodyRows(elementById(html, 'ranking'));
    expect(rows.map((r) => r[1])).to.deep.equal(results.units.map((u) => u.name));
    results.units.forEach((u, i) => {
      const row = rows[i] as string[];
      expect(row[0]).to.equal(String(u.rank));
      expect(row[2]).to.equal(fixed(u.total, places));
      expect(row[3]).to.equal(u.grade);
      expect(row.slice(4, 4 + u.sections.length)).to.deep.equal(u.sections.map((s) => fixed(s.score, places)));
      expect(row.slice(4 + u.sections.length, 6 + u.sections.length)).to.deep.equal([fixed(u.bonus, places), fixed(u.deductions, places)]);
    });
    const numbers = rows.flatMap((r) => r.slice(2).filter((c) => /^\d+\.\d+$/.test(c)));
    expect(numbers.length).to.be.greaterThan(results.units.length * 6);
    for (const n of numbers) expect(n.split('.')[1]).to.have.length(places);
  });

  it('When the rubric states three places, Then every published number shows three', () => {
    const three: ResultsV1 = { ...results, rubric: { ...results.rubric, precision: 3 } };
    const rows = bodyRows(elementById(bulletinHtml({ results: three }, new Map()), 'ranking'));
    expect(rows[0]?.[2]).to.equal(fixed(results.units[0]?.total ?? 0, 3));
    expect(rows[0]?.[2]).to.match(/^\d+\.\d{3}$/);
  });

  it('When the bulletin is built, Then the summary counts the units in each grade and names them', () => {
    const overview = elementById(html, 'overview');
    const counts = results.summary.grades.map((g) => `${g.grade} ${g.count} 个`).join('，');
    expect(textOf(overview)).to.include(`共 ${results.summary.units} 个单位参加考核，考核结果：${counts}`);
    const rows = bodyRows(overview);
    for (const g of results.summary.grades) {
      const row = rows.find((r) => r[0] === g.grade) as string[];
      expect(row[1]).to.equal(String(g.count));
      expect(row[2]?.split('、')).to.have.members(g.units.map((code) => results.units.find((u) => u.code === code)?.name));
    }
    expect(textOf(overview)).to.include(`第一名： 兰州市（${fixed(unit('兰州市').total, places)} 分）`);
    expect(textOf(overview)).to.include('张掖市、平凉市总分相同');
  });

  it('When a unit is vetoed, Then the summary names it with the reason and says its score stands', () => {
    const vetoed = results.units.find((u) => u.vetoed) as UnitResultV1;
    const reason = vetoed.vetoes.find((v) => v.triggered)?.title as string;
    const text = textOf(elementById(html, 'overview'));
    expect(text).to.include(`${vetoed.name}——${reason}`);
    expect(text).to.include(`考核结果定为“${vetoed.grade}”，得分 ${fixed(vetoed.total, places)} 分照常计算`);
    expect(textOf(elementById(html, `unit-${vetoed.code}`))).to.include(`一票否决：${reason}`);
  });

  it("When units are in the bottom three, Then the summary names them with their obligation, and so does each one's scorecard", () => {
    const flag = results.summary.flags.find((f) => f.code === 'BOTTOM3');
    const bottom = (flag?.units ?? []).map((code) => results.units.find((u) => u.code === code) as UnitResultV1);
    const obligation = bottom[0]?.flags[0]?.obligation as string;
    expect(bottom).to.have.length(3);
    const text = textOf(elementById(html, 'overview'));
    expect(text).to.include(`后三位： ${bottom.map((u) => `${u.name}（${fixed(u.total, places)} 分）`).join('、')}。按照考核细则，须${obligation}`);
    for (const u of bottom) expect(textOf(elementById(html, `unit-${u.code}`))).to.include(`须${obligation}`);
  });

  it('When evidence is missing, Then the bulletin lists each missing checkpoint with the field it lacks', () => {
    const rows = bodyRows(elementById(html, 'notes'));
    const missing = results.units.flatMap((u) => u.missingItems.map((code) => [u.name, code]));
    expect(missing).to.have.length.greaterThan(0);
    for (const [name, code] of missing) expect(rows.some((r) => r[0] === name && r[1] === code)).to.equal(true, `${name} ${code}`);
    expect(textOf(elementById(html, 'notes'))).to.include('省下达本市州的新建创新平台目标数');
  });

  it('When no previous year is given, Then no change in rank or score is shown', () => {
    const head = headerCells(elementById(html, 'ranking'));
    expect(head.join(' ')).not.to.match(/变化/);
    expect(elementById(html, 'ranking')).not.to.match(/▲|▼/);
  });

  it('When a previous year is given, Then each unit shows its change in rank and score with arrows, and a newcomer shows 新', () => {
    const previous = madeUpPreviousYear(results);
    const page = bulletinHtml({ results, rubric, previous }, charts);
    const section = elementById(page, 'ranking');
    expect(headerCells(section)).to.include.members(['名次 变化', '得分 变化']);
    const rows = bodyRows(section);
    const width = 8 + (results.units[0]?.sections.length ?? 0);
    results.units.forEach((u, i) => {
      const before = previous.units.find((p) => p.code === u.code);
      const [rank, score] = (rows[i] as string[]).slice(width - 2, width);
      if (!before) {
        expect(rank).to.equal('新');
        return;
      }
      const moved = before.rank - u.rank;
      expect(rank).to.equal(moved > 0 ? `▲ ${moved}` : moved < 0 ? `▼ ${-moved}` : '—');
      const delta = Math.round((u.total - before.total) * 100) / 100;
      expect(score).to.equal(`${delta > 0 ? '▲' : delta < 0 ? '▼' : '—'} ${fixed(Math.abs(delta), places)}`);
    });
    expect(textOf(elementById(page, 'overview'))).to.include(`与${previous.year}年度相比`);
  });

  it('When charts are given, Then each is embedded as a data: URI with its title as alt text; absent charts leave no trace', () => {
    const imgs = [...html.matchAll(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="([^"]+)"/g)].map((m) => m[1]);
    expect(imgs).to.have.length(charts.size);
    expect(imgs).to.have.members(chartSpecs({ results, rubric }).map((spec) => spec.title));
    const none = bulletinHtml({ results, rubric }, new Map());
    expect(none).not.to.include('<img');
    expect(none).not.to.include('id="charts"');
    const some = bulletinHtml({ results, rubric }, new Map([['chart-grades.png', charts.get('chart-grades.png') as Uint8Array]]));
    expect([...some.matchAll(/<img /g)]).to.have.length(1);
  });

  it('When a chart is much wider than tall (the heat table), Then it is printed on a landscape page', () => {
    const heat = chartSpecs({ results, rubric }).find((spec) => spec.name === 'chart-heat.png')?.title as string;
    expect(html).to.include(`<figure class="chart landscape"><img src="data:image/png;base64,`);
    expect(html).to.match(new RegExp(`<figure class="chart landscape"><img [^>]*alt="${heat}"`));
    expect(html).to.include('@page landscape { size: A4 landscape;');
  });
});

describe('the scorecards in the bulletin and on their own', () => {
  const html = bulletinHtml({ results, rubric }, charts);

  it('When the bulletin is built, Then there is one scorecard per unit, each listing every checkpoint with max, self-score and verified score', () => {
    for (const u of results.units) {
      const card = elementById(html, `unit-${u.code}`);
      const rows = bodyRows(tableByClass(card, 'items'));
      for (const item of u.items.filter((i) => i.kind === 'checkpoint')) {
        const row = rows.find((r) => r[0] === item.code);
        expect(row, `${u.name} ${item.code}`).not.to.equal(undefined);
        expect(row?.[2]?.startsWith(fixed(item.max, places))).to.equal(true);
        expect(row?.[3]).to.equal(item.selfScore === undefined ? '—' : fixed(item.selfScore, places));
        expect(row?.[4]).to.equal(fixed(item.score, places));
      }
    }
  });

  it('When a unit lost points, Then "what would have raised the score most" lists its five costliest items, largest first', () => {
    for (const u of results.units) {
      const lost = u.items
        .filter((i) => i.status !== 'not_applicable' && i.kind !== 'bonus')
        .map((i) => ({ code: i.code, lost: Math.round((i.kind === 'deduction' ? i.score : i.max - i.score) * 100) / 100 }))
        .filter((l) => l.lost > 0)
        .sort((a, b) => b.lost - a.lost)
        .slice(0, 5);
      const rows = bodyRows(tableByClass(elementById(html, `unit-${u.code}`), 'losses'));
      expect(rows.map((r) => Number(r[5]))).to.deep.equal(
        lost.map((l) => l.lost),
        u.name,
      );
    }
    const linxia = bodyRows(tableByClass(elementById(html, `unit-${unit('临夏回族自治州').code}`), 'losses'));
    expect(linxia[0]?.slice(1, 2)).to.deep.equal(['GD3']);
  });

  it('When the examiners adjusted a score, Then the scorecard shows both scores, the justification and who adjusted it', () => {
    for (const u of results.units) {
      for (const item of u.items.filter((i) => i.adjustment)) {
        const card = textOf(elementById(html, `unit-${u.code}`));
        const adj = item.adjustment as NonNullable<typeof item.adjustment>;
        expect(card).to.include(
          `考核组调整：${fixed(item.computed as number, places)} → ${fixed(adj.score, places)} 分。理由：${adj.justification}（${adj.by}）`,
        );
      }
    }
  });

  it('When evidence is missing or an item does not apply, Then the reason says so in words', () => {
    const linxia = textOf(elementById(html, `unit-${unit('临夏回族自治州').code}`));
    expect(linxia).to.include('缺少证据：省下达本市州的新建创新平台目标数未填写，按 0 分计');
    const jinchang = textOf(elementById(html, `unit-${unit('金昌市').code}`));
    expect(jinchang).to.include('不涉及：按考核细则得 1.00 分');
  });

  it('When the examiners recorded findings, Then the scorecard lists them', () => {
    for (const u of results.units) {
      const card = textOf(elementById(html, `unit-${u.code}`));
      for (const item of u.items.filter((i) => i.finding)) expect(card).to.include(`${item.code} ${item.title}： ${item.finding}`);
    }
  });

  it('When a bonus claim exceeds the cap, Then the scorecard states the claim and what counts', () => {
    const lanzhou = unit('兰州市');
    expect(lanzhou.bonusClaimed).to.be.greaterThan(lanzhou.bonus);
    expect(textOf(elementById(html, `unit-${lanzhou.code}`))).to.include(
      `申报加分 ${fixed(lanzhou.bonusClaimed, places)} 分，超过加分上限，按 ${fixed(lanzhou.bonus, places)} 分计`,
    );
  });

  it('When the rubric is not given, Then every reason still comes from the trace alone', () => {
    const bare = bulletinHtml({ results }, charts);
    const linxia = textOf(elementById(bare, `unit-${unit('临夏回族自治州').code}`));
    expect(linxia).to.include('缺少证据：platformTarget未填写，按 0 分计');
    expect(linxia).to.include('规则结果：3');
    const jiuquan = textOf(elementById(bare, `unit-${unit('酒泉市').code}`));
    expect(jiuquan).to.include('理由：申报的3个创新平台中1个为2014年12月认定');
  });

  it('When a rubric other than the one the results name is given, Then it is not used to explain them', () => {
    const other = { ...rubric, hash: 'sha256:0000' } as typeof rubric;
    const page = bulletinHtml({ results, rubric: other }, charts);
    expect(textOf(elementById(page, `unit-${unit('临夏回族自治州').code}`))).to.include('platformTarget未填写');
  });

  it('When one scorecard is asked for, Then it is a document of its own holding only that unit', () => {
    const jiuquan = unit('酒泉市');
    const page = scorecardHtml({ results, rubric }, jiuquan.code, charts);
    expect(page.startsWith('<!DOCTYPE html>')).to.equal(true);
    expect([...page.matchAll(/<article class="scorecard"/g)]).to.have.length(1);
    expect(page).to.include(`id="unit-${jiuquan.code}"`);
    expect(page).not.to.include('id="ranking"');
    expect(() => scorecardHtml({ results }, '999999', charts)).to.throw(/999999/);
  });
});

describe('the public edition', () => {
  const html = bulletinHtml({ results, rubric }, charts, { edition: 'public' });

  it('When the public edition is built, Then it lists each grade and its units but no score, rank or scorecard', () => {
    const text = textOf(html);
    for (const g of results.summary.grades) expect(text).to.include(`${g.grade} ${g.count} 个`);
    for (const u of results.units) {
      expect(text).to.include(u.name);
      expect(text).not.to.include(fixed(u.total, places));
    }
    expect(html).not.to.include('id="ranking"');
    expect(html).not.to.include('class="scorecard"');
    expect(text).to.include('公开发布');
  });
});

describe('escaping what people typed', () => {
  const payload = '<script>alert("x")</script><img src=x onerror=alert(1)>';
  const tainted = withInjection(results, payload);

  it('When a unit name, note, finding or justification holds markup, Then it is shown as text and never becomes markup', () => {
    for (const page of [
      bulletinHtml({ results: tainted, rubric }, charts),
      bulletinHtml({ results: tainted }, charts),
      scorecardHtml({ results: tainted }, tainted.units[0]?.code ?? '', charts),
    ]) {
      // No element or attribute can start: every < and " from the data arrives escaped.
      expect(page).not.to.match(/<script|<img src=x/i);
      expect(page).to.include('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    }
  });
});
