import type { CourseManifest, ExerciseSpec } from './types';
import { websocketLifecycle } from './01-websocket-lifecycle';
import { socketOnRemixServer } from './02-socket-on-remix-server';
import { connectingFromARoute } from './03-connecting-from-a-route';
import { aMessageProtocol } from './04-a-message-protocol';
import { roomsAndBroadcast } from './05-rooms-and-broadcast';

export type { CourseManifest, ExerciseSpec, QuizQuestion, QuizOption, TestSpec } from './types';

export const manifest: CourseManifest = {
  title: 'Real-time Remix',
  exercises: [websocketLifecycle, socketOnRemixServer, connectingFromARoute, aMessageProtocol, roomsAndBroadcast],
};

export function findExercise(id: string): ExerciseSpec | undefined {
  return manifest.exercises.find((e) => e.id === id || e.slug === id);
}
