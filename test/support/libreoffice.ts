/**
 * Headless LibreOffice (Debian's libreoffice-calc-nogui, installed by scripts/setup.sh)
 * for the tests that need a workbook as an office suite saves it. Each conversion gets
 * its own user profile (a fresh -env:UserInstallation directory): soffice locks its
 * profile, so two runs sharing one would wait for or fail against each other.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const SOFFICE = 'soffice';
/** A cold start with a fresh profile takes a few seconds; a minute means it hangs. */
const CONVERT_TIMEOUT_MS = 60_000;

/** Throws a clear error when soffice is not installed (run scripts/setup.sh). */
export function requireSoffice(): void {
  try {
    execFileSync(SOFFICE, ['--version'], { stdio: 'pipe', timeout: 30_000 });
  } catch (error) {
    throw new Error(
      `LibreOffice (soffice) is needed for this test but could not be run: ${(error as Error).message}. ` +
        'Install it with scripts/setup.sh (Debian package libreoffice-calc-nogui).',
      { cause: error },
    );
  }
}

/**
 * `file` converted by LibreOffice to .xlsx in a new directory (xlsx → xlsx is a
 * re-save by LibreOffice). Returns the converted file's path; the caller may remove its
 * directory. Rejects with soffice's output when it fails or times out.
 */
export function convertToXlsx(file: string): Promise<string> {
  return convertTo(file, 'xlsx');
}

/** `file` converted by LibreOffice to another format by its extension (e.g. "xls"), as convertToXlsx does. */
export async function convertTo(file: string, extension: string): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'kaohe-soffice-out-'));
  const profile = mkdtempSync(path.join(tmpdir(), 'kaohe-soffice-profile-'));
  const args = [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', extension, '--outdir', outDir, file];
  let output: string;
  try {
    output = await new Promise<string>((resolve, reject) => {
      execFile(SOFFICE, args, { timeout: CONVERT_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
        if (error) reject(new Error(`soffice failed: ${error.message}\n${stdout}\n${stderr}`));
        else resolve(`${stdout}\n${stderr}`);
      });
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const converted = readdirSync(outDir).filter((name) => name.endsWith(`.${extension}`));
  if (converted.length !== 1) {
    throw new Error(`soffice wrote ${converted.length} .${extension} files to ${outDir}, expected one:\n${output}`);
  }
  return path.join(outDir, converted[0] ?? '');
}
