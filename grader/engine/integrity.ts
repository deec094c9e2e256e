/**
 * Everything a grade executes of the course's own (grader/, shared/, the
 * snapshots in solutions/ that given files are staged from) is checked
 * against the checksums it shipped with (grader/integrity.json): before the
 * grade and after it, and, for every file a test worker loads, at the moment
 * it is loaded (grader/engine/load-check.ts), so what runs is what was
 * checked. A grade from changed files is still produced, but every report
 * marks it unofficial and says which files differ.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GRADER_DIR, REPO_ROOT, SOLUTIONS_DIR } from './paths';

/** What the checksums cover. */
export const CHECKED_DIRS = [GRADER_DIR, join(REPO_ROOT, 'shared'), SOLUTIONS_DIR];
const SKIPPED = new Set(['node_modules', 'build', '.cache']);

export const INTEGRITY_FILE = join(GRADER_DIR, 'integrity.json');

export interface IntegrityReport {
  readonly official: boolean;
  readonly changed: readonly string[];
  readonly missing: readonly string[];
  readonly added: readonly string[];
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : listFiles(path);
    return path === INTEGRITY_FILE ? [] : [path];
  });
}

export function currentChecksums(): Record<string, string> {
  const sums: Record<string, string> = {};
  for (const path of CHECKED_DIRS.flatMap((dir) => listFiles(dir)).sort()) {
    sums[relative(REPO_ROOT, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return sums;
}

export function writeChecksums(): void {
  writeFileSync(INTEGRITY_FILE, `${JSON.stringify({ algorithm: 'sha256', files: currentChecksums() }, null, 2)}\n`);
}

/** The checksums the course shipped with, by path from the repository root. */
export function shippedChecksums(): Record<string, string> {
  let shipped: Record<string, string> = {};
  if (existsSync(INTEGRITY_FILE)) {
    try {
      shipped = (JSON.parse(readFileSync(INTEGRITY_FILE, 'utf8')) as { files: Record<string, string> }).files;
    } catch {
      shipped = {};
    }
  }
  return shipped;
}

export function checkIntegrity(): IntegrityReport {
  const shipped = shippedChecksums();
  const now = currentChecksums();
  const changed = Object.keys(shipped).filter((f) => now[f] !== undefined && now[f] !== shipped[f]);
  const missing = Object.keys(shipped).filter((f) => now[f] === undefined);
  const added = Object.keys(now).filter((f) => shipped[f] === undefined);
  if (Object.keys(shipped).length === 0) missing.push(relative(REPO_ROOT, INTEGRITY_FILE));
  return { official: changed.length + missing.length + added.length === 0, changed, missing, added };
}

/** The files that differ between two checks, for "changed while grading". */
export function differences(report: IntegrityReport): string[] {
  return [...report.changed, ...report.missing, ...report.added];
}
