/**
 * Looking at report files the way a reader's tools would, without extra libraries:
 * a PNG's size and whether anything is drawn on it, a PDF's pages.
 */
import { createCanvas, loadImage } from 'canvas';

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the PNG's IHDR chunk (the first chunk, right after the signature). */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  if (String.fromCharCode(...png.subarray(12, 16)) !== 'IHDR') throw new Error('not a PNG: no IHDR chunk first');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Distinct colours and the share of pixels that are not white, from the decoded image. */
export async function pixels(png: Uint8Array): Promise<{ colours: number; inked: number }> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(0, 0, image.width, image.height).data;
  const colours = new Set<number>();
  let inked = 0;
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b] = [data[i] as number, data[i + 1] as number, data[i + 2] as number];
    colours.add((r << 16) | (g << 8) | b);
    if (r < 250 || g < 250 || b < 250) inked++;
  }
  return { colours: colours.size, inked: inked / (data.length / 4) };
}

/** Page objects in a PDF's page tree (Chromium writes them uncompressed); "/Type /Pages" nodes are not pages. */
export function pdfPages(pdf: Uint8Array): { portrait: number; landscape: number; total: number } {
  const text = Buffer.from(pdf).toString('latin1');
  const total = [...text.matchAll(/\/Type\s*\/Page(?![a-z])/g)].length;
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
  const a4 = (w: number, h: number) => Math.abs(w - 595) < 1 && Math.abs(h - 842) < 1;
  return { portrait: boxes.filter(([w, h]) => a4(w, h)).length, landscape: boxes.filter(([w, h]) => a4(h, w)).length, total };
}
