/** Where Kaohe is installed and which version it is: read once, from package.json. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder above with a package.json: src/ and dist/ are one level below it, the bench's .bench-build/src/ two. */
function nearestPackage(from: string): string {
  const parent = path.dirname(from);
  return existsSync(path.join(from, 'package.json')) || parent === from ? from : nearestPackage(parent);
}

export const packageRoot = nearestPackage(path.dirname(fileURLToPath(import.meta.url)));

export const engineVersion: string = (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
