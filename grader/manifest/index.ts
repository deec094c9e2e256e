/**
 * The course: its exercises in order. Each exercise's entry lives in its own
 * folder, grader/exercises/NN-slug/exercise.ts, beside its graded tests,
 * alternatives and reviewed mutants; adding a lesson adds one line here.
 */
import type { CourseManifest, ExerciseSpec } from './types';
import { websocketLifecycle } from '../exercises/01-websocket-lifecycle/exercise';
import { socketOnRemixServer } from '../exercises/02-socket-on-remix-server/exercise';
import { connectingFromARoute } from '../exercises/03-connecting-from-a-route/exercise';
import { aMessageProtocol } from '../exercises/04-a-message-protocol/exercise';
import { roomsAndBroadcast } from '../exercises/05-rooms-and-broadcast/exercise';
import { remixDataMeetsLiveUpdates } from '../exercises/06-remix-data-meets-live-updates/exercise';
import { stayingAlive } from '../exercises/07-staying-alive/exercise';
import { closingAndReconnecting } from '../exercises/08-closing-and-reconnecting/exercise';

export type { CourseManifest, ExerciseSpec, QuizQuestion, QuizOption, TestSpec } from './types';

export const manifest: CourseManifest = {
  title: 'Real-time Remix',
  exercises: [websocketLifecycle, socketOnRemixServer, connectingFromARoute, aMessageProtocol, roomsAndBroadcast, remixDataMeetsLiveUpdates, stayingAlive, closingAndReconnecting],
};

export function findExercise(id: string): ExerciseSpec | undefined {
  return manifest.exercises.find((e) => e.id === id || e.slug === id);
}
