/**
 * A grade never runs a target folder as it is. It stages a copy: the course's
 * own snapshot of each exercise (from solutions/: routes, config, everything
 * the learner does not edit) with only the learner's files (the manifest's
 * `files`) taken from the target. So a submission cannot bring its own tests,
 * config or given code, and a target can live anywhere (a student's folder
 * under submissions/, or /tmp), while the snapshot still sits where its
 * imports expect: two levels below the course root, beside a link to shared/.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ExerciseSpec } from '../manifest';
import { REPO_ROOT, SOLUTIONS_DIR } from './paths';

export const STAGING_ROOT = join(REPO_ROOT, '.grading');
const STALE_MS = 60 * 60 * 1000;
const NEVER_COPIED = new Set(['build', 'node_modules', '.cache', 'quiz-answers.json']);

export interface StagedTarget {
  readonly dir: string;
  dispose(): void;
}

function prepareRoot(): void {
  mkdirSync(STAGING_ROOT, { recursive: true });
  const link = join(STAGING_ROOT, 'shared');
  if (!existsSync(link)) {
    try {
      symlinkSync(join('..', 'shared'), link, 'dir');
    } catch {
      // another grade made it a moment ago
    }
  }
  // Grades that were killed leave their copies behind; an hour later they are surely done.
  for (const name of readdirSync(STAGING_ROOT)) {
    const path = join(STAGING_ROOT, name);
    if (name.startsWith('run-') && Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
  }
}

export function stageTarget(target: string, exercises: readonly ExerciseSpec[]): StagedTarget {
  prepareRoot();
  const dir = mkdtempSync(join(STAGING_ROOT, 'run-'));
  for (const exercise of exercises) {
    const snapshot = join(dir, exercise.slug);
    const learnerFiles = new Set(exercise.files);
    cpSync(join(SOLUTIONS_DIR, exercise.slug), snapshot, {
      recursive: true,
      filter: (source) => {
        const rel = source.slice(join(SOLUTIONS_DIR, exercise.slug).length + 1);
        return !NEVER_COPIED.has(rel.split('/').pop() ?? '') && !learnerFiles.has(rel);
      },
    });
    for (const file of exercise.files) {
      const from = join(target, exercise.slug, file);
      if (!existsSync(from)) continue; // reported by the tests as a missing file
      mkdirSync(dirname(join(snapshot, file)), { recursive: true });
      copyFileSync(from, join(snapshot, file));
    }
  }
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
