import { expect } from 'chai';
import { createCanvas } from 'canvas';
import { CHART_FONT_FAMILY } from '../../src/adapters/charts/font.js';
import { cjkFontRegistered, registerCjkFont, renderCharts } from '../../src/adapters/charts/render.js';
import { chartSpecs } from '../../src/report/charts/index.js';
import type { ChartSpec } from '../../src/report/charts/spec.js';
import { PNG_SIGNATURE, pixels, pngSize } from '../support/file-checks.js';
import { gansuRubric, generatedResults, previousOf, seedInput } from '../support/charts-fixtures.js';

/** A string drawn in a font family, as PNG bytes (to compare glyph forms). */
function drawn(text: string, family: string): string {
  const canvas = createCanvas(200, 40);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 200, 40);
  ctx.fillStyle = '#000';
  ctx.font = `28px ${family}`;
  ctx.fillText(text, 4, 32);
  return canvas.toBuffer('image/png').toString('base64');
}

describe('chart rendering (src/adapters/charts)', function () {
  this.timeout(60000);
  const seed = seedInput();
  const specs = chartSpecs({ ...seed, previous: previousOf(seed.results) });
  let images: Map<string, Uint8Array>;
  before(async () => {
    images = await renderCharts(specs);
  });

  describe('When the 14 Gansu units are rendered with last year', () => {
    it('Then every spec gives a PNG under its name', () => {
      expect([...images.keys()]).to.deep.equal(specs.map((s) => s.name));
      for (const png of images.values()) expect([...png.subarray(0, 8)]).to.deep.equal(PNG_SIGNATURE);
    });

    it('Then each PNG has the width and height its spec declares', () => {
      for (const spec of specs) expect(pngSize(images.get(spec.name) as Uint8Array), spec.name).to.deep.equal({ width: spec.width, height: spec.height });
    });

    it('Then no PNG is blank: many colours, a white background and ink on it', async () => {
      for (const spec of specs) {
        const { colours, inked } = await pixels(images.get(spec.name) as Uint8Array);
        expect(colours, spec.name).to.be.greaterThan(50);
        expect(inked, spec.name).to.be.within(0.02, 0.9);
      }
    });

    it('Then the CJK font is registered', () => {
      expect(cjkFontRegistered()).to.equal(true);
    });

    it('Then Chinese is drawn in the Simplified Chinese face of Noto Sans CJK (门 and 关 in their mainland forms)', () => {
      const text = '门关直质量';
      expect(drawn(text, CHART_FONT_FAMILY)).to.equal(drawn(text, '"Noto Sans CJK SC"'));
      expect(drawn(text, CHART_FONT_FAMILY)).to.not.equal(drawn(text, '"Noto Sans CJK JP"'));
      const ctx = createCanvas(10, 10).getContext('2d');
      ctx.font = `20px ${CHART_FONT_FAMILY}`;
      // Full-width ideographs: four of them are four ems wide, not four missing-glyph boxes.
      expect(ctx.measureText('质量考核').width).to.be.closeTo(80, 1);
    });

    it('Then rendering is deterministic: the same specs give the same bytes', async () => {
      const again = await renderCharts(specs.slice(0, 4));
      for (const [name, png] of again) expect(Buffer.from(png).equals(Buffer.from(images.get(name) as Uint8Array)), name).to.equal(true);
    });

    it('Then the specs are left as they were built (chart.js draws on copies)', () => {
      const fresh = chartSpecs({ ...seed, previous: previousOf(seed.results) });
      const plain = (s: ChartSpec) => JSON.stringify({ data: s.config.data, options: s.config.options });
      specs.forEach((s, i) => expect(plain(s), s.name).to.equal(plain(fresh[i] as ChartSpec)));
    });
  });

  describe('When a 100-unit ranking is rendered', () => {
    it('Then it is a PNG of the declared (tall) size with ink on it', async () => {
      const spec = chartSpecs({ results: generatedResults(gansuRubric(), 100), rubric: gansuRubric() }).find(
        (s) => s.name === 'chart-ranking.png',
      ) as ChartSpec;
      const png = (await renderCharts([spec])).get(spec.name) as Uint8Array;
      expect(pngSize(png)).to.deep.equal({ width: spec.width, height: spec.height });
      expect(spec.height).to.be.greaterThan(3000);
      expect((await pixels(png)).inked).to.be.greaterThan(0.05);
    });
  });

  describe('When the font file is missing', () => {
    it('Then registering it fails with a Chinese message naming the Debian package', () => {
      expect(() => registerCjkFont('/nonexistent/NotoSansCJK-Regular.ttc')).to.throw(/找不到中文字体文件.*fonts-noto-cjk/);
    });
  });
});
