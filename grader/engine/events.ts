/**
 * What a grade tells its faces as it goes (the terminal, watch mode, a batch
 * runner, a course site): a test started, a test ended, an exercise was
 * graded, the grade ended. Subscribe with GradeOptions.onEvent.
 *
 * `test-ended` is what the test's worker saw at that moment, for showing
 * progress; the verdict is the result in `exercise-graded`, which can differ
 * (an error thrown after the test ended, a worker killed by the code under
 * test, the watchdog's stop).
 *
 * In a run of many targets (gradeMany) each target has its own sequence. When
 * the run saw what it cannot pin on one target, every target is graded again
 * on its own: its sequence then starts over with a second `grade-started`.
 */
import type { ExerciseResult, GradeReport } from './results';

export type GradeEvent =
  | { readonly kind: 'grade-started'; readonly target: string; readonly exercises: readonly string[]; readonly tests: number }
  | { readonly kind: 'test-started'; readonly exercise: string; readonly test: string }
  | { readonly kind: 'test-ended'; readonly exercise: string; readonly test: string; readonly passed: boolean }
  | { readonly kind: 'exercise-graded'; readonly result: ExerciseResult }
  | { readonly kind: 'grade-ended'; readonly report: GradeReport };

export type GradeListener = (event: GradeEvent) => void;

/** Calls `listener` without letting a face's own mistake stop the grade. */
export function emitter(listener: GradeListener | undefined): GradeListener {
  if (!listener) return () => undefined;
  return (event) => {
    try {
      listener(event);
    } catch {
      // a face that cannot show an event must not stop the grade; the report still comes
    }
  };
}
