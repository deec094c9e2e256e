import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ExerciseSpec } from '../manifest';
import { SOLUTIONS_DIR } from './paths';
import { starterFromSolution } from './starter';

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
