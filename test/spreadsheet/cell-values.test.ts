import { expect } from 'chai';
import { readChoice, readNumber, readText, readYesNo, shownValue } from '../../src/spreadsheet/cell-values.js';

const text = (value: string) => ({ value });
const reason = (r: { ok: boolean; reason?: string }) => (r.ok ? undefined : r.reason);

describe('reading what people type into a cell', () => {
  describe('numbers', () => {
    it('reads full-width digits, signs and points, spaces (U+3000, NBSP) and numbers stored as text', () => {
      expect(readNumber(text('８５．５'))).to.deep.equal({ ok: true, value: 85.5 });
      expect(readNumber(text('\u3000１２\u00a0'))).to.deep.equal({ ok: true, value: 12 });
      expect(readNumber(text('－３'))).to.deep.equal({ ok: true, value: -3 });
      expect(readNumber(text('＋7'))).to.deep.equal({ ok: true, value: 7 });
      expect(readNumber(text(' 0012.50 '))).to.deep.equal({ ok: true, value: 12.5 });
    });

    it('keeps a decimal exactly as typed: "0.1" is 0.1 and JSON writes it so', () => {
      const r = readNumber(text('0.1'));
      expect(JSON.stringify(r.ok && r.value)).to.equal('0.1');
      const stored = readNumber({ value: 0.1 + 0.2 });
      expect(JSON.stringify(stored.ok && stored.value)).to.equal('0.3');
    });

    it('takes a trailing % as the percentage for a field in %, and refuses it elsewhere', () => {
      expect(readNumber(text('85%'), { unit: '%' })).to.deep.equal({ ok: true, value: 85 });
      expect(readNumber(text('８９．５％'), { unit: '%' })).to.deep.equal({ ok: true, value: 89.5 });
      expect(reason(readNumber(text('85%'), { unit: '家' }))).to.equal('该项的单位是“家”，不能带 %');
      expect(reason(readNumber(text('85%')))).to.equal('该项不是百分比，不能带 %');
    });

    it('reads a number cell with a % format (85% as Excel stores it, 0.85) as 85 for a field in %, and refuses it elsewhere', () => {
      expect(readNumber({ value: 0.85, percent: true }, { unit: '%' })).to.deep.equal({ ok: true, value: 85 });
      expect(readNumber({ value: 0.895, percent: true }, { unit: '%' })).to.deep.equal({ ok: true, value: 89.5 });
      expect(readNumber({ value: 0.0007, percent: true }, { unit: '%' })).to.deep.equal({ ok: true, value: 0.07 });
      expect(readNumber({ value: 1.2, percent: true }, { unit: '%' })).to.deep.equal({ ok: true, value: 120 });
      expect(readNumber({ value: 1e-7, percent: true }, { unit: '%' })).to.deep.equal({ ok: true, value: 0.00001 });
      expect(reason(readNumber({ value: 0.85, percent: true }, { unit: '家' }))).to.equal('该项的单位是“家”，不能带 %');
      expect(shownValue({ value: 0.85, percent: true })).to.equal('85%');
    });

    it('drops thousands separators in groups of three and refuses an ambiguous comma', () => {
      expect(readNumber(text('1,234'))).to.deep.equal({ ok: true, value: 1234 });
      expect(readNumber(text('１，２３４，５６７.５'))).to.deep.equal({ ok: true, value: 1234567.5 });
      expect(reason(readNumber(text('1,5')))).to.match(/逗号的含义不明确/);
    });

    it('refuses text, dates, yes/no and numbers too long to keep exactly', () => {
      expect(reason(readNumber(text('十二')))).to.equal('不是数字');
      expect(reason(readNumber(text('1e3')))).to.equal('不是数字');
      expect(reason(readNumber({ value: '2015-03-04', isDate: true }))).to.match(/^这是一个日期（2015-03-04），应填数字/);
      expect(reason(readNumber({ value: true }))).to.equal('应填数字，不是“是/否”');
      expect(reason(readNumber(text('0.12345678901234567')))).to.equal('有效数字超过 15 位，无法精确保存');
    });
  });

  describe('yes and no', () => {
    for (const word of ['是', '√', '✓', 'Y', 'ｙｅｓ', '对', '有', ' 是 '])
      it(`reads ${JSON.stringify(word)} as yes`, () => expect(readYesNo(text(word))).to.deep.equal({ ok: true, value: true }));
    for (const word of ['否', '×', '✗', 'N', 'no', '错', '无', '\u3000否'])
      it(`reads ${JSON.stringify(word)} as no`, () => expect(readYesNo(text(word))).to.deep.equal({ ok: true, value: false }));
    it('reads a logical cell, and refuses anything else', () => {
      expect(readYesNo({ value: false })).to.deep.equal({ ok: true, value: false });
      expect(reason(readYesNo(text('可能')))).to.equal('应填“是”或“否”');
    });
  });

  describe('choices and notes', () => {
    const choices = ['已建立', '仅建立协作机制'];
    it('matches a choice after trimming and width folding, and hands anything else on as written for the core to refuse', () => {
      expect(readChoice(text(' 仅建立协作机制\u3000'), choices)).to.deep.equal({ ok: true, value: '仅建立协作机制' });
      expect(readChoice(text('ＡＢ'), ['AB'])).to.deep.equal({ ok: true, value: 'AB' });
      expect(readChoice(text('未建立'), choices)).to.deep.equal({ ok: true, value: '未建立' });
    });
    it('keeps a note byte for byte; white space alone is no note', () => {
      expect(readText(text(' 见附件 \n第二行'))).to.deep.equal({ ok: true, value: ' 见附件 \n第二行' });
      expect(readText(text('  '))).to.deep.equal({ ok: true, value: undefined });
      expect(readText({ value: 12 })).to.deep.equal({ ok: true, value: '12' });
    });
  });
});
