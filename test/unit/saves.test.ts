/** Watch mode sees every save of every learner file, in subfolders too, and nothing else. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { exerciseOfSave, watchSaves } from '../../grader/cli/saves';
import { DEFAULT_TARGET } from '../../grader/engine/paths';
import { manifest, type ExerciseSpec } from '../../grader/manifest';

const exercises = manifest.exercises;

describe('exerciseOfSave', () => {
  test.each(exercises.flatMap((e) => e.files.map((f) => [e.id, f] as const)))('%s: %s, with / and with \\', (id, file) => {
    const exercise = exercises.find((e) => e.id === id) as ExerciseSpec;
    expect(exerciseOfSave(exercises, `${exercise.slug}/${file}`)).toBe(exercise);
    expect(exerciseOfSave(exercises, `${exercise.slug}\\${file.replaceAll('/', '\\')}`)).toBe(exercise);
  });

  test('the quiz answers count; other files, other folders and the folder itself do not', () => {
    const [first] = exercises as [ExerciseSpec];
    expect(exerciseOfSave(exercises, `${first.slug}/quiz-answers.json`)).toBe(first);
    expect(exerciseOfSave(exercises, `${first.slug}/README.md`)).toBeNull();
    expect(exerciseOfSave(exercises, `${first.slug}/node_modules/x/${first.files[0]}`)).toBeNull();
    expect(exerciseOfSave(exercises, first.slug)).toBeNull();
    expect(exerciseOfSave(exercises, `99-nowhere/${first.files[0]}`)).toBeNull();
    expect(exerciseOfSave(exercises, first.files[0] as string)).toBeNull();
  });
});

describe('watchSaves', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saves-'));
  cpSync(DEFAULT_TARGET, dir, { recursive: true });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('each learner file of each exercise, saved in a copy of the starters, reaches the grader as its exercise', async () => {
    const batches: string[][] = [];
    let arrived: (() => void) | undefined;
    const watcher = watchSaves(dir, exercises, (batch) => {
      batches.push(batch.map((e) => e.id));
      arrived?.();
    });
    try {
      for (const exercise of exercises) {
        for (const file of [...exercise.files, 'quiz-answers.json']) {
          const path = join(dir, exercise.slug, file);
          let text = '{}\n';
          try {
            text = readFileSync(path, 'utf8');
          } catch {
            // no answers saved yet: the learner's first save creates the file
          }
          batches.length = 0;
          const next = new Promise<void>((resolve, reject) => {
            arrived = resolve;
            // A save the watcher misses never arrives: say which instead of waiting out the test.
            setTimeout(() => reject(new Error(`saving ${exercise.slug}/${file} reached no grade`)), 10_000).unref();
          });
          writeFileSync(path, text);
          await next;
          expect(batches, `${exercise.slug}/${file}`).toEqual([[exercise.id]]);
        }
      }
    } finally {
      watcher.close();
    }
  });

  test('a burst of saves across exercises is one batch, in course order', async () => {
    const [a, b] = exercises as [ExerciseSpec, ExerciseSpec];
    const batches: string[][] = [];
    const done = new Promise<void>((resolve) => {
      const watcher = watchSaves(dir, exercises, (batch) => {
        batches.push(batch.map((e) => e.id));
        watcher.close();
        resolve();
      });
      for (const [exercise, file] of [[b, b.files[0]], [a, a.files[0]], [b, b.files[0]]] as const) {
        const path = join(dir, exercise.slug, file as string);
        writeFileSync(path, readFileSync(path, 'utf8'));
      }
    });
    await done;
    expect(batches).toEqual([[a.id, b.id]]);
  });
});
