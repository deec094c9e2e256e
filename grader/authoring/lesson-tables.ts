/**
 * A lesson's table of graded tests is the manifest's, written out: `npm run
 * starters` regenerates it between two markers, so it cannot drift from the
 * tests that grade the exercise, and the lesson's own words go to why.
 */
import type { ExerciseSpec } from '../manifest';
import { AuthoringError, type CourseFiles, type GeneratedFile } from './snapshots';

export const TABLE_START = '<!-- graded-tests: generated from the manifest by npm run starters -->';
export const TABLE_END = '<!-- /graded-tests -->';

/** Markdown table text: `<` and `>` as entities (a title may show `<the page's host>`), `|` escaped. */
const cell = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');

/** One row per graded test, in the manifest's order, with the file it is in (`server` for server.test.ts). */
export function testTable(exercise: ExerciseSpec): string {
  const rows = exercise.tests.map((t) => `| ${t.stage} | ${cell(t.title)} | ${t.file.replace(/\.test\.ts$/, '')} | ${t.points} |`);
  return ['| Stage | Test | File | Points |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** `markdown` with the text between its table markers replaced by the exercise's table. */
export function withTestTable(markdown: string, exercise: ExerciseSpec, file = exercise.lesson): string {
  const start = markdown.indexOf(TABLE_START);
  const end = markdown.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new AuthoringError(`${file} has no table of graded tests: put ${TABLE_START} and ${TABLE_END} on lines of their own where it goes`);
  return `${markdown.slice(0, start)}${TABLE_START}\n\n${testTable(exercise)}\n\n${markdown.slice(end)}`;
}

/** Each exercise's lesson, its table regenerated. */
export function planLessonTables(exercises: readonly ExerciseSpec[], disk: CourseFiles): GeneratedFile[] {
  return exercises.map((exercise) => {
    let lesson: string;
    try {
      lesson = disk.read(exercise.lesson);
    } catch {
      throw new AuthoringError(`${exercise.lesson} is missing: exercise ${exercise.id}'s manifest names it as its lesson (write it first, with ${TABLE_START} and ${TABLE_END} where its table of graded tests goes)`);
    }
    return { path: exercise.lesson, source: withTestTable(lesson, exercise), from: `grader/exercises/${exercise.slug}/exercise.ts` };
  });
}
