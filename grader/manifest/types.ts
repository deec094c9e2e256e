import type { Stage } from '../engine/stages';

/** One graded test. Its `id` is also the test's name inside its Vitest file. */
export interface TestSpec {
  readonly id: string;
  readonly stage: Stage;
  readonly points: number;
  /** What the learner's code should do, in plain words ("the server replies 'Hello Client'"). */
  readonly title: string;
  /** The test file, relative to grader/exercises/<slug>/tests/. */
  readonly file: string;
}

export type QuizOption = 'A' | 'B' | 'C' | 'D';

/**
 * A quiz question. Its right option is not written here: the reference solution's
 * quiz-answers.json names it, and `npm run starters` turns that into the salted
 * key the grader checks (grader/exercises/NN-slug/quiz-key.json).
 */
export interface QuizQuestion {
  readonly id: string;
  readonly stage: Stage;
  readonly points: number;
  readonly question: string;
  readonly options: Readonly<Record<QuizOption, string>>;
  /** For every option, one sentence: why it is right, or what would really happen. A learner who picks it is told. */
  readonly why: Readonly<Record<QuizOption, string>>;
  /** Where the lesson answers the question, as the lesson labels it: "Key Moment 2", "the Execution Table, step 7". */
  readonly answeredIn: string;
}

export interface ExerciseSpec {
  /** Two digits: "01". */
  readonly id: string;
  /** Folder name under exercises/, solutions/ and grader/exercises/: "01-websocket-lifecycle". */
  readonly slug: string;
  readonly title: string;
  /** Path from the repository root. */
  readonly lesson: string;
  /** The files the learner edits, relative to the exercise folder. Only these are read from a target, and a graded test loads each. */
  readonly files: readonly string[];
  /**
   * The exercise whose solution this stage builds on: each of its files that this stage does not
   * write is carried over by `npm run starters` (grader/authoring/snapshots.ts). None for a fresh start.
   */
  readonly continues?: string;
  /**
   * Given files (not the learner's) that this stage changes from the previous stage's solution,
   * each named in the lesson, which says what changed. Every other given file is carried over as it was.
   */
  readonly givenChanges?: readonly string[];
  /** The stages this lesson weights; its starter must fail a test in each. */
  readonly weightedStages: readonly Stage[];
  /** Wall-clock limit for one test of this exercise, in ms; past it the grader stops the test's process. */
  readonly timeLimitMs?: number;
  readonly tests: readonly TestSpec[];
  /** Progressive: each `hint` call reveals the next one. */
  readonly hints: readonly string[];
  readonly quiz: readonly QuizQuestion[];
}

export interface CourseManifest {
  readonly title: string;
  readonly exercises: readonly ExerciseSpec[];
}
