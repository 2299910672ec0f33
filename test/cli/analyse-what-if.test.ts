import { expect } from 'chai';
import { described, runKaohe } from '../support/cli.js';

describe('kaohe analyse what-if', () => {
  it('tells 陇南市 the one change of its own data that reaches 合格, costed in points, and that nothing is saved', () => {
    const run = runKaohe(['analyse', 'what-if', '--unit', '621200']);
    expect(run.status, described(run)).to.equal(0);
    expect(run.stdout).to.include('陇南市（621200）要达到“合格”：\n现在：57.67 分，第 12 名，不合格，后三位\n最少改变 1 项：\n');
    expect(run.stdout).to.match(/Q01\.2\s+制造业产品质量合格率\s+87\.2\s+90\s+\+2\.80\n/);
    expect(run.stdout).to.include('改变后：60.47 分，第 12 名，合格，后三位\n（推演，不会保存为证据）');
  });

  it('says when the goal is already met, and refuses an unknown unit or goal', () => {
    const met = runKaohe(['analyse', 'what-if', '--unit', '620100', '--goal', 'flag']);
    expect(met.status, described(met)).to.equal(0);
    expect(met.stdout).to.include('现在已经做到，不需要改变。');
    const unknown = runKaohe(['analyse', 'what-if', '--unit', '629999']);
    expect(unknown.status).to.equal(2);
    expect(unknown.stderr).to.include('证据中没有代码为 629999 的单位');
    const badGoal = runKaohe(['analyse', 'what-if', '--unit', '620100', '--goal', 'places:0']);
    expect(badGoal.status).to.equal(2);
    expect(badGoal.stderr).to.include('--goal 应为 grade、flag 或 places:<名次数>');
  });
});
