import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ExerciseSpec } from '../manifest';
import { NOT_IN_A_SNAPSHOT, REPO_ROOT, SOLUTIONS_DIR } from '../engine/paths';
import { isCarriedCopy, planSnapshots, type CourseFiles, type SnapshotPlan } from './snapshots';
import { planLessonTables } from './lesson-tables';
import { planQuizKeys } from './quiz-keys';
import { starterFromSolution } from './starter';

/** The course's files under `root` (a checkout, or a copy of one). */
export function courseFiles(root = REPO_ROOT): CourseFiles {
  const list = (dir: string): string[] => {
    const walk = (rel: string): string[] =>
      readdirSync(join(root, dir, rel)).flatMap((name) => {
        if (NOT_IN_A_SNAPSHOT.has(name)) return [];
        const child = rel === '' ? name : `${rel}/${name}`;
        return statSync(join(root, dir, child)).isDirectory() ? walk(child) : [child];
      });
    return existsSync(join(root, dir)) ? walk('').sort() : [];
  };
  return { list, read: (path) => readFileSync(join(root, path), 'utf8') };
}

/** Every file `npm run starters` writes: the snapshots (exercises/, carried given code), each lesson's table of graded tests, the quiz keys. */
export function coursePlan(exercises: readonly ExerciseSpec[], root = REPO_ROOT): SnapshotPlan {
  const files = courseFiles(root);
  const snapshots = planSnapshots(exercises, files);
  return { files: [...snapshots.files, ...planLessonTables(exercises, files), ...planQuizKeys(exercises, files)], stale: snapshots.stale };
}

/**
 * Writes every generated file of the course (`npm run starters`) and deletes the carried copies
 * nothing carries any more. Returns what it wrote and the stray files it left in exercises/.
 */
export function writeSnapshots(exercises: readonly ExerciseSpec[], root = REPO_ROOT): { written: string[]; deleted: string[]; strays: string[] } {
  const plan = coursePlan(exercises, root);
  const files = courseFiles(root);
  const written: string[] = [];
  for (const { path, source } of plan.files) {
    const absolute = join(root, path);
    if (existsSync(absolute) && files.read(path) === source) continue;
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, source);
    written.push(path);
  }
  const deletable = (path: string): boolean => path.startsWith('solutions/') && isCarriedCopy(files.read(path));
  const deleted = plan.stale.filter(deletable);
  for (const path of deleted) rmSync(join(root, path));
  return { written, deleted, strays: plan.stale.filter((path) => !deletable(path)) };
}

/** The shipped starter of each learner file of `exercise`, generated from its solution. */
export async function shippedStarter(exercise: ExerciseSpec): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const file of exercise.files) {
    const solution = await readFile(join(SOLUTIONS_DIR, exercise.slug, file), 'utf8');
    files.set(file, starterFromSolution(solution, `solutions/${exercise.slug}/${file}`).source);
  }
  return files;
}

/** Writes the shipped starter into `targetRoot/<slug>/`, replacing the learner's files. */
export async function writeStarter(exercise: ExerciseSpec, targetRoot: string): Promise<string[]> {
  const dir = join(targetRoot, exercise.slug);
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [file, source] of await shippedStarter(exercise)) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), source);
    written.push(join(exercise.slug, file));
  }
  return written;
}
