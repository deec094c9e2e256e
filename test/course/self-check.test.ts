/**
 * The course checks itself, as Rustlings' `dev check` does: every solution
 * scores 100%, every starter fails the tests of each stage its lesson weights
 * (cleanly: failures, not crashes), and the manifest points at things that exist.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_TARGET, GRADER_EXERCISES_DIR, REPO_ROOT, SOLUTIONS_DIR, testsDir } from '../../grader/engine/paths';
import type { GradeReport } from '../../grader/engine/results';
import { manifest } from '../../grader/manifest';
import { sharedGrade, SOLUTIONS_REPEATS } from '../helpers/shared-grades';
import { filesTestsLoad } from '../helpers/loaded-files';
import { courseFiles } from '../../grader/authoring/course-files';
import { solutionAnswers } from '../../grader/authoring/quiz-keys';
import { courseQuizProblems } from '../checks/quiz-checks';

const REPEATS = SOLUTIONS_REPEATS;
const exercises = manifest.exercises.map((e) => [`${e.id} ${e.title}`, e] as const);

describe('the manifest', () => {
  test('lists each folder of grader/exercises/ once, in order, and nothing else', () => {
    const folders = readdirSync(GRADER_EXERCISES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(manifest.exercises.map((e) => e.slug), 'grader/manifest/index.ts lists every exercise folder, in order').toEqual(folders);
  });

  test.each(exercises)('%s points at files that exist and is complete', (_name, e) => {
    expect(e.id).toMatch(/^\d{2}$/);
    expect(e.slug.startsWith(`${e.id}-`)).toBe(true);
    expect(existsSync(join(REPO_ROOT, e.lesson)), e.lesson).toBe(true);
    for (const file of e.files) {
      expect(existsSync(join(SOLUTIONS_DIR, e.slug, file)), `solutions/${e.slug}/${file}`).toBe(true);
      expect(existsSync(join(DEFAULT_TARGET, e.slug, file)), `exercises/${e.slug}/${file}`).toBe(true);
    }
    for (const t of e.tests) expect(existsSync(join(testsDir(e.slug), t.file)), t.file).toBe(true);
    const ids = [...e.tests.map((t) => t.id), ...e.quiz.map((q) => `quiz-${q.id}`)];
    expect(new Set(ids).size).toBe(ids.length);
    expect(e.hints.length).toBeGreaterThanOrEqual(2);
    expect(e.quiz).toHaveLength(3);
    const answers = solutionAnswers(e, courseFiles());
    for (const q of e.quiz) expect(Object.keys(q.options)).toContain(answers[q.id]);
    for (const stage of e.weightedStages) expect(e.tests.some((t) => t.stage === stage), `no test for weighted stage ${stage}`).toBe(true);
  });

  test.each(exercises)("%s lists exactly the files its graded tests load (the rest is the course's to give)", (_name, e) => {
    const loaded = filesTestsLoad(e);
    const unloaded = e.files.filter((file) => !loaded.has(file));
    expect(unloaded, 'listed, but no graded test loads them: test them, or take them out of files so the course gives them').toEqual([]);
  });

  test("the quizzes' keys cannot be guessed from their shape: no letter and no option length gives them away", () => {
    const quizzes = manifest.exercises.map((e) => ({ name: e.id, questions: e.quiz, answers: solutionAnswers(e, courseFiles()) }));
    expect(courseQuizProblems(quizzes)).toEqual([]);
  });

  test.each(exercises)('%s: every quiz question says where the lesson answers it, and that place is in the lesson', (_name, e) => {
    const lesson = readFileSync(join(REPO_ROOT, e.lesson), 'utf8');
    for (const q of e.quiz) {
      const keyMoment = /^Key Moment (\d+)$/.exec(q.answeredIn);
      const step = /^the Execution Table, step (\d+)$/.exec(q.answeredIn);
      expect(keyMoment ?? step, `${q.id}: answeredIn "${q.answeredIn}" names a Key Moment or an Execution Table step`).not.toBeNull();
      if (keyMoment) expect(lesson, `${q.id}: the lesson has Key Moment ${keyMoment[1]}`).toMatch(new RegExp(`^${keyMoment[1]}\\. \\*\\*`, 'm'));
      if (step) expect(lesson, `${q.id}: the lesson's Execution Table has step ${step[1]}`).toMatch(new RegExp(`^\\| ${step[1]} \\|`, 'm'));
    }
  });

  test.each(exercises)('%s: the lesson does not print its quiz answers', (_name, e) => {
    const lesson = readFileSync(join(REPO_ROOT, e.lesson), 'utf8');
    const answers = solutionAnswers(e, courseFiles());
    for (const q of e.quiz) {
      expect(lesson).toContain(q.question);
      // "Answer: B", "the answer is (B)", "Correct: **B**" at the end of a line.
      expect(lesson).not.toMatch(new RegExp(`([Aa]nswer|[Cc]orrect)( is)?:? \\**\\(?${answers[q.id]}\\)?\\**\\.?\\s*$`, 'm'));
    }
  });
});

describe('grading the solutions', () => {
  let report: GradeReport;
  beforeAll(async () => {
    // Repeated grades, in one run, each apart: a test whose outcome changes between them is a flaky test to fix
    // at its cause. Three here; .ci/run grades the solutions twenty times after npm test.
    report = (await sharedGrade('solutions')).report;
  }, 1_500_000);

  test(`${REPEATS} grades give every test the same outcome`, () => {
    expect(report.repetition?.runs).toBe(REPEATS);
    expect(report.repetition?.flaky).toEqual([]);
  });

  test.each(exercises)('%s has no type errors', (_name, e) => {
    expect(report.exercises.find((r) => r.id === e.id)?.typeErrors).toEqual([]);
  });

  test.each(exercises)('%s scores 100%%', (_name, e) => {
    const result = report.exercises.find((r) => r.id === e.id);
    const notPassing = result?.tests.filter((t) => t.status !== 'passed').map((t) => `${t.id}: ${t.status} ${t.message ?? ''}`);
    expect(notPassing).toEqual([]);
    expect(result?.score).toBe(result?.maxScore);
  });
});

describe('grading the starters', () => {
  let report: GradeReport;
  beforeAll(async () => {
    report = (await sharedGrade('starters')).report;
    // Every failing test of five starters, each after a fresh process for the learner's code: minutes on 2 busy cores.
  }, 600_000);

  test.each(exercises)('%s fails a code test in every stage its lesson weights', (_name, e) => {
    const result = report.exercises.find((r) => r.id === e.id);
    expect(result?.score).toBeLessThan(result?.maxScore ?? 0);
    const codeTests = result?.tests.filter((t) => !t.id.startsWith('quiz-')) ?? [];
    const unfailed = e.weightedStages.filter((stage) => !codeTests.some((t) => t.stage === stage && t.status !== 'passed'));
    expect(unfailed).toEqual([]);
  });

  test.each(exercises)('%s fails cleanly: no crash, hang or skipped test', (_name, e) => {
    const result = report.exercises.find((r) => r.id === e.id);
    const unclean = result?.tests.filter((t) => t.status !== 'passed' && t.status !== 'failed').map((t) => `${t.id}: ${t.status} ${t.message}`);
    expect(unclean).toEqual([]);
  });
});
