/**
 * The CJK font every chart label is drawn in: Noto Sans CJK from Debian's
 * fonts-noto-cjk, registered with node-canvas (Pango) before any chart is drawn.
 *
 * The file is a collection (.ttc) whose first face is the Japanese one, and
 * node-canvas maps a registered family to a file's first face: registered under
 * "Noto Sans CJK SC" it would draw Japanese glyph forms (门, 关, 直 differ). So the
 * file is registered under an alias, which also hands all its faces to fontconfig,
 * and charts ask for the Simplified Chinese face by its own name first, the alias
 * (the same file) second.
 */
import { existsSync } from 'node:fs';
import { registerFont } from 'canvas';

export const CJK_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const CJK_BOLD_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc';
export const CJK_FAMILY = 'Noto Sans CJK SC';
const ALIAS = 'Kaohe Noto Sans CJK';

/** The CSS font-family chart.js is given as its default. */
export const CHART_FONT_FAMILY = `"${CJK_FAMILY}", "${ALIAS}", sans-serif`;

let registered: string | undefined;

/** Registers the font once per process; throws, in Chinese, when the font file is missing. */
export function registerCjkFont(file: string = CJK_FONT_FILE, bold: string = CJK_BOLD_FONT_FILE): void {
  if (!existsSync(file)) {
    throw new Error(`找不到中文字体文件 ${file}：图表中的中文无法显示。请安装 Debian 软件包 fonts-noto-cjk（apt-get install fonts-noto-cjk）后重试。`);
  }
  if (registered !== undefined) return;
  registerFont(file, { family: ALIAS });
  // Titles are bold; without the bold file Pango thickens the regular face itself.
  if (existsSync(bold)) registerFont(bold, { family: ALIAS, weight: 'bold' });
  registered = file;
}

/** Whether the CJK font has been registered with the canvas (true after the first render). */
export function cjkFontRegistered(): boolean {
  return registered !== undefined;
}
