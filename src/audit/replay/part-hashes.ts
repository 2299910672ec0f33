/**
 * Step 2: every part of the bundle hashed again and compared with its manifest. A part
 * changed without updating the manifest is named here; a tamperer who also rewrote
 * the manifest is caught by the cross-checks that follow, which compare parts with
 * one another rather than with the manifest.
 */
import { contentHash, contentHashInPieces } from '../../core/index.js';
import { type BundleV1, bundleParts } from '../bundle.js';
import type { ReplayProblem } from './report.js';

const unitOfPart = (part: string) => /^units\/([^/]+)\//.exec(part)?.[1];

/**
 * The content hash of every part, by part name: computed once, read by the manifest check
 * and the cross-checks. The parts that grow with the run (the results, the audit chain)
 * are hashed in pieces: at 2,851 units the results' canonical text alone is about 150 MB.
 */
export function hashParts(bundle: BundleV1): ReadonlyMap<string, string> {
  return new Map([...bundleParts(bundle)].map(([part, value]) => [part, part.startsWith('units/') ? contentHash(value) : contentHashInPieces(value)]));
}

export function partHashProblems(bundle: BundleV1, hashes: ReadonlyMap<string, string>): ReplayProblem[] {
  const problems: ReplayProblem[] = [];
  const listed = new Map(Object.entries(bundle.manifest.parts));
  for (const [part, actual] of hashes) {
    const unitCode = unitOfPart(part);
    const withUnit = unitCode !== undefined ? { unitCode } : {};
    const recorded = listed.get(part);
    listed.delete(part);
    if (recorded === undefined) {
      problems.push({ part, kind: 'part-hash', ...withUnit, recomputedValue: actual, message: `清单（manifest.parts）中没有部分 ${part} 的哈希` });
    } else if (recorded !== actual) {
      problems.push({
        part,
        kind: 'part-hash',
        ...withUnit,
        bundleValue: recorded,
        recomputedValue: actual,
        message: `部分 ${part} 的内容与清单所记的哈希不符（该部分被改动）：清单 ${recorded}，重算 ${actual}`,
      });
    }
  }
  for (const [part, recorded] of listed) {
    const unitCode = unitOfPart(part);
    problems.push({
      part,
      kind: 'part-hash',
      ...(unitCode !== undefined && { unitCode }),
      bundleValue: recorded,
      message: `清单中列有部分 ${part}，但审计包中没有这一部分（该部分被删除）`,
    });
  }
  return problems;
}
