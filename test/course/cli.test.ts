/** The grader as students and instructors run it: real processes, real exit codes. */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { afterAll, describe, expect, test } from 'vitest';
import { GRADER_DIR, DEFAULT_TARGET, REPO_ROOT } from '../../grader/engine/paths';
import { STAGES } from '../../grader/engine/stages';
import { reasonOf, type GradeReport } from '../../grader/engine/results';
import { findExercise, manifest, type ExerciseSpec, type QuizOption } from '../../grader/manifest';
import { courseFiles } from '../../grader/authoring/course-files';
import { solutionAnswers } from '../../grader/authoring/quiz-keys';
import { cleanEnv, gradeJson, runCli } from '../helpers/cli';
import { sharedGrade } from '../helpers/shared-grades';
import { processesMentioning } from '../helpers/leftovers';
import { HOSTILE_KINDS, hostileTarget } from '../fixtures/hostile';

const schema = JSON.parse(readFileSync(join(GRADER_DIR, 'schema/grade-report.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true }).compile(schema);
const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the shipped starters, so commands that write do not touch exercises/. */
function starterCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'student-'));
  cpSync(DEFAULT_TARGET, dir, { recursive: true });
  scratch.push(dir);
  return dir;
}

describe('--json', () => {
  test('grading the solutions prints only a schema-valid report with full marks, and exits 0', async () => {
    const { run, report } = await sharedGrade('solutions');
    expect(run.status, run.stderr).toBe(0);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.score).toBe(report.maxScore);
    expect(report.maxScore).toBeGreaterThan(0);
    const expectedTests = manifest.exercises.reduce((n, e) => n + e.tests.length + e.quiz.length, 0);
    expect(report.exercises.flatMap((e) => e.tests)).toHaveLength(expectedTests);
    // The grade self-check.test.ts shares: the solutions three times in a row, so it may wait for it.
  }, 1_500_000);

  test('grading the starters is schema-valid too, lists every test, and exits 1', async () => {
    const { run, report } = await sharedGrade('starters');
    expect(run.status).toBe(1);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.score).toBeLessThan(report.maxScore);
    for (const t of report.exercises.flatMap((e) => e.tests)) {
      if (t.status !== 'passed') expect(t.message, t.id).toBeTruthy();
    }
    // Every failing test of five starters, each after a fresh process for the learner's code: minutes on 2 busy cores.
  }, 1_500_000);

  test('--deadline: a grade out of time still reports every test, each with why it did not run, and exits 1', async () => {
    // A millisecond is spent before the first test file can start, so nothing runs: the outcome does not depend on the machine.
    const { run, report } = await gradeJson(['01', '--solutions', '--deadline', '0.001']);
    expect(run.status, run.stderr).toBe(1);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    const code = report.exercises.flatMap((e) => e.tests).filter((t) => !t.id.startsWith('quiz-'));
    expect(code.length).toBe(findExercise('01')?.tests.length);
    for (const t of code) expect({ id: t.id, status: t.status, message: reasonOf(t) }).toEqual({ id: t.id, status: 'not-run', message: "not run: the grade's deadline of 1 ms passed before it started" });
  });

  test('--deadline midway: what finished keeps its result, the rest says the deadline stopped it, and nothing is left running', async () => {
    // Every test of this submission waits out its own 1 s for a server that never starts: far more than 5 s in all.
    const kind = HOSTILE_KINDS.find((k) => k.name === 'a promise that never settles');
    if (!kind) throw new Error('test/fixtures/hostile.ts no longer has "a promise that never settles"');
    const target = hostileTarget(kind, { busyPort: 1, hostPort: 1 });
    const tmp = mkdtempSync(join(tmpdir(), 'deadline-tmp-'));
    scratch.push(target, tmp);
    const { run, report } = await gradeJson(['01', '--target', target, '--deadline', '5'], cleanEnv({ TMPDIR: tmp, TMP: tmp, TEMP: tmp }));
    expect(run.status, run.stderr).toBe(1);
    const code = report.exercises.flatMap((e) => e.tests).filter((t) => !t.id.startsWith('quiz-'));
    const byDeadline = code.filter((t) => /the grade's deadline of 5 s passed/.test(reasonOf(t) ?? ''));
    expect(byDeadline.length).toBeGreaterThan(0);
    for (const t of code) {
      const own = kind.expect[t.id];
      if (!byDeadline.includes(t) && own) expect(reasonOf(t), t.id).toMatch(own.message);
      if (byDeadline.includes(t)) expect(['timeout', 'not-run'], t.id).toContain(t.status);
    }
    for (let i = 0; i < 50 && processesMentioning(tmp).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(processesMentioning(tmp)).toEqual([]);
  });

  test('--stage selects one stage only', async () => {
    const { report } = await gradeJson(['01', '--solutions', '--stage', 'close']);
    const tests = report.exercises.flatMap((e) => e.tests);
    expect(tests.length).toBeGreaterThan(0);
    expect(new Set(tests.map((t) => t.stage))).toEqual(new Set(['close']));
    expect(report.stage).toBe('close');
    expect(report.stages.map((s) => s.stage)).toEqual(['close']);
  });
});

describe('--out', () => {
  test('writes the same whole report as --json prints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'out-'));
    scratch.push(dir);
    const file = join(dir, 'report.json');
    const { run, report } = await gradeJson(['01', '--solutions', '--out', file]);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(report);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  test('a grade stopped by SIGTERM midway leaves the file as it was, prints no report, and leaves no process or file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stopped-'));
    const tmp = mkdtempSync(join(tmpdir(), 'stopped-tmp-'));
    scratch.push(dir, tmp);
    const file = join(dir, 'report.json');
    writeFileSync(file, 'the report of an earlier grade\n');
    const child = spawn(process.execPath, [join(REPO_ROOT, 'grader/cli/grade.mjs'), '--solutions', '--json', '--out', file], {
      cwd: REPO_ROOT,
      env: cleanEnv({ TMPDIR: tmp, TMP: tmp, TEMP: tmp }) as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Midway: a subject's home appears in the round's temporary folder when the first one starts.
    const started = Date.now();
    while (!readdirSync(tmp, { recursive: true }).some((f) => /grader-tmp-[^/\\]+[/\\]home-/.test(String(f)))) {
      if (Date.now() - started > 60_000) throw new Error('no subject started within a minute');
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGTERM');
    expect(await closed).toBe(143);
    expect(stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe('the report of an earlier grade\n');
    expect(readdirSync(dir)).toEqual(['report.json']);
    // SIGKILL is delivered at once, but an ended process may take a moment to be reaped.
    for (let i = 0; i < 50 && processesMentioning(tmp).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(processesMentioning(tmp)).toEqual([]);
    // tsx keeps its compile cache of the grader's own modules there (tsx-<uid>).
    expect(readdirSync(tmp).filter((f) => !/^tsx-\d+$/.test(f))).toEqual([]);
  });
});

describe('terminal report', () => {
  test('on the starters: non-zero exit, every stage of lesson 01 marked, reasons and the next hint shown', async () => {
    const run = await runCli(['01']);
    expect(run.status).toBe(1);
    for (const stage of STAGES) expect(run.stdout).toMatch(new RegExp(`✗ ${stage} +\\d+/\\d+`));
    expect(run.stdout).toContain('→ startGreetingServer(0) rejected with Error: startGreetingServer() is not written yet');
    expect(run.stdout).toContain(`Hint 1 of ${findExercise('01')?.hints.length}`);
    expect(run.stdout).not.toContain('\u001b['); // not a terminal: no colour
  });

  test('--color forces colour; NO_COLOR turns it off even beside FORCE_COLOR', async () => {
    const forced = await runCli(['01', '--solutions', '--color']);
    expect(forced.stdout).toContain('\u001b[32m');
    const env = await runCli(['01', '--solutions'], { env: cleanEnv({ NO_COLOR: '1', FORCE_COLOR: '1' }) });
    expect(env.stdout).not.toContain('\u001b[');
  });

  test('usage errors exit 2 and say what to do', async () => {
    const run = await runCli(['42']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('There is no exercise "42"');
    expect(run.stderr).toContain('npm run grade -- --help');
    const help = await runCli(['--help']);
    expect(help.status).toBe(0);
    for (const word of ['--stage', '--solutions', '--target', '--json', '--watch', 'hint', 'quiz', 'list', 'reset', 'batch']) {
      expect(help.stdout).toContain(word);
    }
  });
});

describe('commands', () => {
  test('hint reveals the next hint on each call, and stops at the last', async () => {
    const env = cleanEnv();
    const hints = findExercise('01')?.hints ?? [];
    for (const [i, hint] of hints.entries()) {
      const run = await runCli(['hint', '01'], { env });
      expect(run.stdout).toContain(`Hint ${i + 1} of ${hints.length}`);
      expect(run.stdout).toContain(hint);
    }
    const again = await runCli(['hint', '01'], { env });
    expect(again.stdout).toContain(`Hint ${hints.length} of ${hints.length}`);
    // The report then previews the hint the learner is up to, not the first one.
    const report = await runCli(['01'], { env });
    expect(report.stdout).toContain(`Hint ${hints.length} of ${hints.length}`);
  });

  test('quiz saves answers in the exercise folder, and they are graded with it', async () => {
    const target = starterCopy();
    const exercise = findExercise('01');
    const [q1, q2] = exercise?.quiz ?? [];
    if (!q1 || !q2) throw new Error('lesson 01 needs quiz questions');
    const answers = solutionAnswers(exercise as ExerciseSpec, courseFiles());
    const wrong = (['A', 'B', 'C', 'D'] as const).find((l) => l !== answers[q2.id]) as string;
    const run = await runCli(['quiz', '01', '--target', target], { input: `${answers[q1.id]}\n${wrong}\n\n` });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(q1.question);
    const saved = JSON.parse(readFileSync(join(target, '01-websocket-lifecycle/quiz-answers.json'), 'utf8')) as Record<string, string>;
    expect(saved).toEqual({ [q1.id]: answers[q1.id], [q2.id]: wrong });
    expect(run.stdout).toContain(q2.why[wrong as QuizOption]);
    const { report } = await gradeJson(['01', '--target', target]);
    const quiz = report.exercises[0]?.tests.filter((t) => t.id.startsWith('quiz-'));
    expect(quiz?.map((t) => t.status)).toEqual(['passed', 'failed', 'failed']);
  });

  test('reset asks first, then restores the shipped starter with --yes', async () => {
    const target = starterCopy();
    const file = join(target, '01-websocket-lifecycle/server.ts');
    writeFileSync(file, '// my work in progress\n');
    const refused = await runCli(['reset', '01', '--target', target]);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toContain('--yes');
    expect(readFileSync(file, 'utf8')).toBe('// my work in progress\n');
    const done = await runCli(['reset', '01', '--yes', '--target', target]);
    expect(done.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(DEFAULT_TARGET, '01-websocket-lifecycle/server.ts'), 'utf8'));
  });

  test('list shows progress by exercise and by stage', async () => {
    const run = await runCli(['list', '--solutions']);
    expect(run.status).toBe(0);
    const first = findExercise('01');
    const max = (first?.tests.reduce((n, t) => n + t.points, 0) ?? 0) + (first?.quiz.reduce((n, q) => n + q.points, 0) ?? 0);
    expect(run.stdout).toMatch(new RegExp(`01 The WebSocket lifecycle +${max}/${max}`));
    expect(run.stdout).toContain('By stage');
    // Every stage's column heading is its own, and a legend says which is which.
    const heading = run.stdout.split('\n').find((line) => line.startsWith('exercise')) ?? '';
    const columns = heading.trim().split(/\s+/).slice(2);
    expect(columns).toHaveLength(STAGES.length);
    expect(new Set(columns).size).toBe(STAGES.length);
    for (const [i, stage] of STAGES.entries()) expect(run.stdout).toContain(`${columns[i]} ${stage}`);
    expect(run.stdout).toContain(`${manifest.exercises.length}/${manifest.exercises.length} exercises done`);
    expect(existsSync(join(DEFAULT_TARGET, '01-websocket-lifecycle/quiz-answers.json'))).toBe(false);
  });
});

describe('batch', () => {
  test('grades every sub-folder of a class in one run: a row each, one schema-valid report per line, and the gradebook', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'class-'));
    const out = mkdtempSync(join(tmpdir(), 'results-'));
    scratch.push(folder, out);
    const slug = '01-websocket-lifecycle';
    cpSync(join(REPO_ROOT, 'solutions', slug), join(folder, 'ada', slug), { recursive: true });
    cpSync(join(DEFAULT_TARGET, slug), join(folder, 'bo', slug), { recursive: true });
    mkdirSync(join(folder, 'cy')); // submitted nothing
    writeFileSync(join(folder, 'notes.txt'), 'not a submission');

    const json = await runCli(['batch', folder, '01', '--json', '--out', out]);
    expect(json.status, json.stderr).toBe(1);
    const reports = json.stdout.trim().split('\n').map((line) => JSON.parse(line) as GradeReport);
    expect(reports).toHaveLength(3);
    for (const report of reports) expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    const [ada, bo, cy] = reports as [GradeReport, GradeReport, GradeReport];
    expect(ada.score).toBe(ada.maxScore);
    expect(bo.score).toBeLessThan(bo.maxScore);
    expect(cy.score).toBe(0);
    // A missing file is reported per test, as in a grade of its own.
    expect(cy.exercises[0]?.tests.every((t) => t.status !== 'passed' && t.message)).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'ada.json'), 'utf8'))).toEqual(ada);
    const gradebook = readFileSync(join(out, 'gradebook.csv'), 'utf8').trim().split('\r\n');
    expect(gradebook[0]).toMatch(/^submission,score,max_score,exercise_01,stage_connect,/);
    expect(gradebook.slice(1).map((row) => row.split(',').slice(0, 3).join(','))).toEqual([
      `ada,${ada.score},${ada.maxScore}`,
      `bo,${bo.score},${bo.maxScore}`,
      `cy,0,${cy.maxScore}`,
    ]);

    const table = await runCli(['batch', folder, '01', '--no-color']);
    expect(table.status).toBe(1);
    expect(table.stdout).toMatch(new RegExp(`^ada +${ada.score}/${ada.maxScore} +${ada.score}/${ada.maxScore}$`, 'm'));
    expect(table.stdout).toMatch(/^bo +\d+\/\d+/m);
    expect(table.stdout).toContain('3 submissions graded in one run');
    expect(processesMentioning(folder)).toEqual([]);
  }, 300_000);

  test('a folder without sub-folders is a usage error that says what a batch grades', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'class-'));
    scratch.push(empty);
    const run = await runCli(['batch', empty]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('has no sub-folders');
    expect((await runCli(['batch', empty, '--solutions'])).status).toBe(2);
  });
});
