/**
 * Other implementations of an exercise, graded in place of the reference
 * solution to show its graded tests are fair and strong: a correct one written
 * differently scores 100%, and each plausible mistake fails exactly the tests
 * that name it, in its stage, as plain failures with the words a learner needs.
 * Each exercise lists its own in grader/exercises/NN-slug/alternatives/index.ts;
 * test/course/alternatives.test.ts grades them all.
 */
import type { Stage } from '../engine/stages';

export interface Alternative {
  /** The learner file it stands in for, relative to the snapshot. */
  readonly replaces: string;
  /**
   * A whole file of the exercise's alternatives/ folder (code written differently throughout),
   * or an edit of the solution's own file (one mistake, and nothing else changed).
   */
  readonly source: { readonly file: string } | { readonly name: string; readonly edit: (solution: string) => string };
  /** The graded tests it must fail, with what the failure must say; every other test must pass, except: */
  readonly fails: Readonly<Record<string, RegExp>>;
  /**
   * Tests it may fail as well, as plain failures, when the mistake cascades and whether a later
   * test trips over it depends on timing. Each is a consequence of the same mistake.
   */
  readonly mayFail?: readonly string[];
  /** The stage that loses points; none for a correct alternative. */
  readonly stage?: Stage;
}

export interface Alternatives {
  /** The bound on one grade of the exercise, on a loaded machine. */
  readonly gradeMs: number;
  readonly alternatives: readonly Alternative[];
}

export const alternativeName = ({ source }: Alternative): string => ('file' in source ? source.file : source.name);

/** `source` with the first `find` replaced; throws when `find` is gone, so an edit cannot silently stop changing anything. */
export function replaceOnce(source: string, find: string, replacement: string): string {
  if (!source.includes(find)) throw new Error(`fixture edit: "${find}" is not in the solution any more`);
  return source.replace(find, replacement);
}
