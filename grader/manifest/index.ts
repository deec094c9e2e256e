import type { CourseManifest, ExerciseSpec } from './types';
import { websocketLifecycle } from './01-websocket-lifecycle';

export type { CourseManifest, ExerciseSpec, QuizQuestion, QuizOption, TestSpec } from './types';

export const manifest: CourseManifest = {
  title: 'Real-time Remix',
  exercises: [websocketLifecycle],
};

export function findExercise(id: string): ExerciseSpec | undefined {
  return manifest.exercises.find((e) => e.id === id || e.slug === id);
}
