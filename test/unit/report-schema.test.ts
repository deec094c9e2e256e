/**
 * The report is defined once (grader/schema/report.ts); the JSON Schema file is
 * generated from it. These tests hold the file to the code, and both to the
 * union by status that a report's tests are.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { GradeReportSchema, SCHEMA_FILE, SCHEMA_VERSION, schemaFileDrift } from '../../grader/schema/report';

const onDisk = readFileSync(SCHEMA_FILE, 'utf8');
const validate = new Ajv2020({ allErrors: true }).compile(JSON.parse(onDisk) as object);

const base = { id: 'server-listens', title: 'listens', stage: 'connect', maxPoints: 2 } as const;
const report = (tests: readonly object[]): object => ({
  schemaVersion: SCHEMA_VERSION,
  course: 'Real-time Remix',
  official: true,
  integrity: { changed: [], missing: [], added: [], changedDuringGrade: [], forgedProgressLines: 0, outsideImports: [], refusedFiles: [] },
  isolation: 'bwrap',
  target: 'solutions',
  stage: null,
  score: 2,
  maxScore: 4,
  durationMs: 10,
  exercises: [{ id: '01', title: 'The WebSocket lifecycle', lesson: 'lessons/01-websocket-lifecycle.md', score: 2, maxScore: 4, status: 'failed', tests, typeErrors: [] }],
  stages: [{ stage: 'connect', score: 2, maxScore: 4, passed: 1, total: 2 }],
});

/** Whether the code's schema and the generated file agree on `value`: both accept it, or both refuse it. */
function verdicts(value: object): { zod: boolean; jsonSchema: boolean } {
  return { zod: GradeReportSchema.safeParse(value).success, jsonSchema: validate(value) };
}

describe('the report schema', () => {
  test('the JSON Schema file is what the code generates', () => {
    expect(schemaFileDrift(onDisk)).toBeNull();
  });

  test('the check fails, naming the command, when the code changes and the file does not', () => {
    const changed = GradeReportSchema.extend({ batch: z.string() });
    expect(schemaFileDrift(onDisk, changed)).toMatch(/run npm run schema/);
  });

  test('both accept each status in its own shape', () => {
    const tests = [
      { ...base, status: 'passed', points: 2 },
      { ...base, id: 'a', status: 'failed', points: 0, message: 'no reply', output: 'hi\n', trace: { steps: [], expected: null, divergence: null } },
      { ...base, id: 'b', status: 'error', points: 0, message: 'threw' },
      { ...base, id: 'c', status: 'timeout', points: 0, message: 'hung' },
      { ...base, id: 'd', status: 'not-run', points: 0, message: 'not run: the test before it hung' },
    ];
    expect(verdicts(report(tests))).toEqual({ zod: true, jsonSchema: true });
  });

  test.each([
    ['a passed test with a message', { ...base, status: 'passed', points: 2, message: 'fine' }],
    ['a failed test without a reason', { ...base, status: 'failed', points: 0 }],
    ['a failed test with points', { ...base, status: 'failed', points: 2, message: 'no reply' }],
    ['a not-run test with a trace', { ...base, status: 'not-run', points: 0, message: 'not run', trace: { steps: [], expected: null, divergence: null } }],
    ['a not-run test with output', { ...base, status: 'not-run', points: 0, message: 'not run', output: 'x' }],
    ['a test with an unknown status', { ...base, status: 'skipped', points: 0, message: 'skipped' }],
    ['a test with the old name field', { id: 'x', name: 'listens', stage: 'connect', maxPoints: 2, status: 'passed', points: 2 }],
  ])('both refuse %s', (_what, test) => {
    expect(verdicts(report([test]))).toEqual({ zod: false, jsonSchema: false });
  });
});
