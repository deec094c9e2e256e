/**
 * The grader's own files are checked against the checksums it shipped with
 * (grader/integrity.json). A grade from a changed grader is still produced,
 * but every report marks it unofficial and says which files differ. This
 * catches edits to tests, manifest or config, by hand or by code under test;
 * it is tamper-evident, not tamper-proof: an instructor grades a class with
 * the course's own copy of the grader, and a submission only provides the
 * exercise files the manifest names.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GRADER_DIR, REPO_ROOT } from './paths';

export const INTEGRITY_FILE = join(GRADER_DIR, 'integrity.json');

export interface IntegrityReport {
  readonly official: boolean;
  readonly changed: readonly string[];
  readonly missing: readonly string[];
  readonly added: readonly string[];
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listFiles(path);
    return path === INTEGRITY_FILE ? [] : [path];
  });
}

export function currentChecksums(): Record<string, string> {
  const sums: Record<string, string> = {};
  for (const path of listFiles(GRADER_DIR).sort()) {
    sums[relative(REPO_ROOT, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return sums;
}

export function writeChecksums(): void {
  writeFileSync(INTEGRITY_FILE, `${JSON.stringify({ algorithm: 'sha256', files: currentChecksums() }, null, 2)}\n`);
}

export function checkIntegrity(): IntegrityReport {
  let shipped: Record<string, string> = {};
  if (existsSync(INTEGRITY_FILE)) {
    try {
      shipped = (JSON.parse(readFileSync(INTEGRITY_FILE, 'utf8')) as { files: Record<string, string> }).files;
    } catch {
      shipped = {};
    }
  }
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
