/**
 * Data-driven case files (test/cases/<kind>/*.json), in the JsonLogic suites' layout:
 * a JSON array whose first string describes the file's format, then "# …" strings
 * opening sections, then case objects.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fromRoot } from './paths.js';

export interface CaseFile<T> {
  readonly name: string;
  readonly header: string;
  readonly cases: readonly (T & { readonly section: string })[];
}

export function loadCaseFiles<T>(...dir: string[]): CaseFile<T>[] {
  const folder = fromRoot(...dir);
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const entries = JSON.parse(readFileSync(`${folder}/${file}`, 'utf8')) as unknown[];
      const [header, ...rest] = entries;
      if (typeof header !== 'string') throw new Error(`${file}: the first entry must be the header string`);
      let section = '';
      const cases: (T & { section: string })[] = [];
      for (const entry of rest) {
        if (typeof entry === 'string') section = entry.replace(/^#\s*/, '');
        else cases.push({ ...(entry as T), section });
      }
      return { name: file.replace(/\.json$/, ''), header, cases };
    });
}
