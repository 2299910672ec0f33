/** Reading our own source as text, for the architecture tests that keep pure folders pure. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every .ts file below a folder. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** The module specifiers a file imports or re-exports from, static or dynamic (`await import('…')`). */
export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const statics = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
  const dynamics = [...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] as string);
  return [...statics, ...dynamics];
}

/** What a pure module may not touch: the clock, randomness, the environment, code generation. */
export const IMPURE_CALLS = ['Date.now', 'new Date', 'Math.random', 'process.', 'eval(', 'new Function', 'require('] as const;

/** Which of `banned` the file's code (comments left out) uses. */
export function usesOf(file: string, banned: readonly string[]): string[] {
  const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  return banned.filter((b) => code.includes(b));
}
