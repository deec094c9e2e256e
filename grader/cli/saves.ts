/**
 * Which exercise a save belongs to, and the saves themselves, gathered: watch
 * mode's eyes. Kept apart from the screen so a test can save every learner
 * file of every exercise and see each one reach the grader.
 */
import { watch as watchFiles, type FSWatcher } from 'node:fs';
import type { ExerciseSpec } from '../manifest';

/** The answers file of `npm run grade -- quiz`, saved beside the learner's code. */
const QUIZ_ANSWERS = 'quiz-answers.json';

/**
 * The exercise whose learner file `filename` is (a path relative to the target
 * folder, as fs.watch reports it: "03-x/app/hooks/useWebSocket.ts", with "\"
 * on Windows), or null for any other file.
 */
export function exerciseOfSave(exercises: readonly ExerciseSpec[], filename: string): ExerciseSpec | null {
  const [slug, ...rest] = filename.split(/[\\/]+/).filter((part) => part !== '' && part !== '.');
  const file = rest.join('/');
  const exercise = exercises.find((e) => e.slug === slug);
  if (!exercise || !(exercise.files.includes(file) || file === QUIZ_ANSWERS)) return null;
  return exercise;
}

export interface SaveWatcher {
  close(): void;
}

/**
 * Calls `onSaves` with the exercises saved since the last call, once the
 * saves stop for `quietMs`: editors write twice, formatters rewrite.
 */
export function watchSaves(
  targetDir: string,
  exercises: readonly ExerciseSpec[],
  onSaves: (batch: readonly ExerciseSpec[]) => void,
  quietMs = 200,
): SaveWatcher {
  const pending = new Set<ExerciseSpec>();
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    const batch = exercises.filter((e) => pending.has(e));
    pending.clear();
    if (batch.length > 0) onSaves(batch);
  };
  const watcher: FSWatcher = watchFiles(targetDir, { recursive: true }, (_event, filename) => {
    const exercise = filename ? exerciseOfSave(exercises, filename.toString()) : null;
    if (!exercise) return;
    pending.add(exercise);
    clearTimeout(timer);
    timer = setTimeout(flush, quietMs);
  });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
