/**
 * A grade never runs a target folder as it is. It stages a copy: the course's
 * own snapshot of each exercise (from solutions/: routes, config, everything
 * the learner does not edit) with only the learner's files (the manifest's
 * `files`) taken from the target. So a submission cannot bring its own tests,
 * config or given code, and a target can live anywhere (a student's folder
 * under submissions/, or /tmp), while the snapshot still sits where its
 * imports expect: two levels below the course root, beside a link to shared/.
 */
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path, { dirname, join, type PlatformPath } from 'node:path';
import type { ExerciseSpec } from '../manifest';
import { gradeTmpDir, NOT_IN_A_SNAPSHOT, REPO_ROOT, SOLUTIONS_DIR } from './paths';
import { outsideImports } from './submission-check';

export const STAGING_ROOT = join(REPO_ROOT, '.grading');
const STALE_MS = 60 * 60 * 1000;

export interface StagedTarget {
  readonly dir: string;
  /** Submitted files that were not staged (symbolic links), with why. */
  readonly refused: readonly string[];
  /** The submission's imports that lead outside its exercise folder. */
  readonly outsideImports: readonly string[];
  dispose(): void;
}

/**
 * `file` under `root` as the manifest names it ("app/hooks/useWebSocket.ts"):
 * on Windows, paths come with "\\", and a learner file missed here would be
 * staged from the solution.
 */
export function manifestPath(root: string, file: string, paths: PlatformPath = path): string {
  return paths.relative(root, file).split(paths.sep).join('/');
}

/** The first symbolic link on the way from `root` down to `root/rel`, or null. Links are refused, never followed. */
function linkOnTheWay(root: string, rel: string): string | null {
  let path = root;
  for (const part of rel.split('/')) {
    path = join(path, part);
    try {
      if (lstatSync(path).isSymbolicLink()) return path;
    } catch {
      return null; // missing: the tests report it
    }
  }
  return null;
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
  const refused: string[] = [];
  const outside: string[] = [];
  for (const exercise of exercises) {
    const snapshot = join(dir, exercise.slug);
    const learnerFiles = new Set(exercise.files);
    cpSync(join(SOLUTIONS_DIR, exercise.slug), snapshot, {
      recursive: true,
      filter: (source) => {
        const rel = manifestPath(join(SOLUTIONS_DIR, exercise.slug), source);
        return !NOT_IN_A_SNAPSHOT.has(rel.split('/').pop() ?? '') && !learnerFiles.has(rel);
      },
    });
    for (const file of exercise.files) {
      const from = join(target, exercise.slug, file);
      const link = linkOnTheWay(target, `${exercise.slug}/${file}`);
      if (link !== null) {
        refused.push(`${exercise.slug}/${file}: ${link === from ? 'it is' : `${link.slice(target.length + 1)} is`} a symbolic link, which a submission may not contain (it was not followed, and the file counts as missing)`);
        continue;
      }
      if (!existsSync(from) || !lstatSync(from).isFile()) continue; // reported by the tests as a missing file
      const source = readFileSync(from);
      const leaks = outsideImports(join(target, exercise.slug), join(target, exercise.slug, '..', '..', 'shared'), from, source.toString('utf8'));
      if (leaks.length > 0) {
        // Graded as missing: its tests must not run the reference solution (or the tests) in its place.
        outside.push(...leaks);
        refused.push(`${exercise.slug}/${file}: it imports from outside its exercise folder, so it was not graded`);
        continue;
      }
      mkdirSync(dirname(join(snapshot, file)), { recursive: true });
      writeFileSync(join(snapshot, file), source);
    }
  }
  const dispose = (): void => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(gradeTmpDir(dir), { recursive: true, force: true });
  };
  return { dir, refused, outsideImports: outside, dispose };
}
