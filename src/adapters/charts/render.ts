/**
 * Chart specs to PNG with chart.js on node-canvas (chartjs-node-canvas): white
 * background, the CJK font, no animation and the spec's fixed pixel ratio, so the same
 * specs give the same bytes on every run.
 */
import type { ChartConfiguration } from 'chart.js';
import { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import type { ChartSpec } from '../../report/charts/spec.js';
import { CHART_FONT_FAMILY, registerCjkFont } from './font.js';

export { cjkFontRegistered, registerCjkFont, CJK_FAMILY, CJK_FONT_FILE } from './font.js';

/** One renderer per size (chartjs-node-canvas fixes the canvas size per instance). */
function renderer(cache: Map<string, ChartJSNodeCanvas>, width: number, height: number): ChartJSNodeCanvas {
  const key = `${width}x${height}`;
  let found = cache.get(key);
  if (!found) {
    found = new ChartJSNodeCanvas({
      width,
      height,
      backgroundColour: '#ffffff',
      // Each instance loads its own copy of chart.js: its defaults are set here.
      chartCallback: (Chart) => {
        Chart.defaults.font.family = CHART_FONT_FAMILY;
        Chart.defaults.color = '#222222';
      },
    });
    cache.set(key, found);
  }
  return found;
}

/**
 * A copy chart.js may write on: it hooks into the data arrays it draws and
 * chartjs-node-canvas sets options, and a spec must stay as it was built.
 */
function forDrawing(spec: ChartSpec, ratio: number): ChartConfiguration {
  const { config } = spec;
  return {
    ...config,
    data: { ...config.data, labels: config.data.labels && [...config.data.labels], datasets: config.data.datasets.map((d) => ({ ...d, data: [...d.data] })) },
    options: { ...config.options, devicePixelRatio: ratio, responsive: false, animation: false },
  };
}

export async function renderCharts(specs: readonly ChartSpec[]): Promise<Map<string, Uint8Array>> {
  registerCjkFont();
  const cache = new Map<string, ChartJSNodeCanvas>();
  const images = new Map<string, Uint8Array>();
  for (const spec of specs) {
    const ratio = spec.pixelRatio ?? 1;
    const width = spec.width / ratio;
    const height = spec.height / ratio;
    if (!Number.isInteger(width) || !Number.isInteger(height)) {
      throw new Error(`图表 ${spec.name} 的尺寸 ${spec.width}×${spec.height} 不是像素比 ${ratio} 的整数倍`);
    }
    const png = await renderer(cache, width, height).renderToBuffer(forDrawing(spec, ratio), 'image/png');
    images.set(spec.name, new Uint8Array(png.buffer, png.byteOffset, png.byteLength));
  }
  return images;
}
