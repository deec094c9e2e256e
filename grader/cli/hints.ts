import type { ExerciseSpec } from '../manifest';
import type { HintPreview } from '../reporters/terminal';
import { readState, writeState } from './state';

/** The hint the learner would see next, without revealing it. */
export function peekHint(exercise: ExerciseSpec): HintPreview | null {
  const seen = readState().hintsSeen[exercise.id] ?? 0;
  const index = Math.min(seen, exercise.hints.length - 1);
  const text = exercise.hints[index];
  return text === undefined ? null : { text, number: index + 1, total: exercise.hints.length };
}

/** Reveals the next hint and remembers it; after the last, keeps showing the last. */
export function takeHint(exercise: ExerciseSpec): HintPreview | null {
  const state = readState();
  const seen = state.hintsSeen[exercise.id] ?? 0;
  const index = Math.min(seen, exercise.hints.length - 1);
  const text = exercise.hints[index];
  if (text === undefined) return null;
  state.hintsSeen[exercise.id] = Math.min(seen + 1, exercise.hints.length);
  writeState(state);
  return { text, number: index + 1, total: exercise.hints.length };
}
