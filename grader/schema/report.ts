/**
 * The grade report, defined once. The engine's types are inferred from these
 * schemas, `grade-report.schema.json` beside this file is generated from them
 * (`npm run schema`; a unit test fails when the two disagree), and whoever reads
 * a report back (`--out`, batch grading, a course site) can parse it here.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { STAGES } from '../engine/stages';

/** JSON report version; bump it on any change to the shape, and say what changed in VERSIONS. */
export const SCHEMA_VERSION = 6;

const VERSIONS =
  '2 added tests[].trace; 3 added official, integrity, exercises[].typeErrors and repetition; ' +
  "4 added isolation and integrity's forgedProgressLines, outsideImports and refusedFiles; 5 added tests[].trace.omittedSteps; " +
  '6 made tests[] a union by status (a passed test has no message and full points; not-run has a reason and no trace) ' +
  "and renamed tests[].name to title, the manifest's word.";

const count = () => z.number().int().min(0);
const points = () => z.number().min(0);

export const StageSchema = z.enum(STAGES).meta({ id: 'stage', description: 'One of the nine lifecycle stages, in the order a message lives through them.' });

export const STEP_KINDS = ['connect', 'accept', 'refuse', 'send', 'receive', 'stay-open', 'ping', 'pong', 'close', 'drop', 'unreadable'] as const;
const StepKindSchema = z.enum(STEP_KINDS);
const ActorSchema = z.enum(['client', 'server']);

export const TraceStepSchema = z
  .strictObject({
    step: z.number().int().min(1).describe('1-based; a long trace keeps each kept step its own number.'),
    atMs: count().describe('Milliseconds since the test began.'),
    connection: count().describe('Which connection of the test, 1-based, in the order they were opened.'),
    stage: StageSchema,
    kind: StepKindSchema,
    actor: ActorSchema,
    action: z.string(),
    client: z.string().describe("The client's state after the step: Connecting, Open, Closing, Closed, or 'not observed'."),
    server: z.string().describe("The server's state after the step: Waiting for connection, Open, Closing, Closed, Refused (HTTP n), not listening, or 'not observed'."),
    message: z.string().nullable().describe("What crossed the wire in this step (\"Client -> Server: 'Hello Server'\"), or null for none."),
    text: z.string().optional().describe('The message text, cut to 60 characters; for matching expectations.'),
    code: z.number().int().nullable().optional(),
    result: z.string(),
  })
  .meta({ id: 'traceStep' });

export const ExpectedStepSchema = z
  .strictObject({
    kind: StepKindSchema,
    actor: ActorSchema,
    text: z.string().optional(),
    code: z.number().int().optional(),
    action: z.string().describe("How the step reads in the table (\"Server sends 'Hello Client'\")."),
  })
  .meta({ id: 'expectedStep' });

export const TraceSchema = z
  .strictObject({
    steps: z.array(TraceStepSchema),
    expected: z.array(ExpectedStepSchema).nullable().describe('The steps the test expected, in order, or null when it declared none.'),
    divergence: z
      .strictObject({
        index: count().describe('Index into steps; steps.length when the expected step is missing at the end.'),
        expected: z.string(),
        observed: z.string().nullable(),
      })
      .nullable()
      .describe('Where the run left the expected path; null when it did not.'),
    omittedSteps: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Steps left out of a long trace: the first, the last and those around the divergence are kept, each with its own step number.'),
  })
  .meta({ id: 'trace', description: 'What the harness saw on the wire: for every test that did not pass, and for passing ones with --trace.' });

export const TEST_STATUSES = ['passed', 'failed', 'error', 'timeout', 'not-run'] as const;

const testFields = {
  id: z.string().describe('Stable within its exercise; quiz questions are quiz-<question id>.'),
  title: z.string().describe('What the code should do, in plain words.'),
  stage: StageSchema,
  maxPoints: points(),
};
const why = () => z.string().min(1).describe('Why it did not pass, in plain words.');
const output = () => z.string().optional().describe('What the code printed during the test, capped.');

/**
 * - passed / failed: the test ran; the code did or did not do what was expected.
 * - error: the code could not be run: it does not compile, lacks an export, throws
 *   while loading, ends the process, or throws outside any call the test made.
 * - timeout: it hung, and the grader stopped it.
 * - not-run: it never started (an earlier test in its file hung, or the grade's deadline passed).
 */
export const TestResultSchema = z
  .discriminatedUnion('status', [
    z.strictObject({ ...testFields, status: z.literal('passed'), points: points(), trace: TraceSchema.optional() }),
    z.strictObject({ ...testFields, status: z.literal('failed').describe('It ran, and did not do what was expected.'), points: z.literal(0), message: why(), output: output(), trace: TraceSchema.optional() }),
    z.strictObject({
      ...testFields,
      status: z.literal('error').describe('The code could not be run: it does not compile, lacks an export, threw while loading, ended the process, or threw outside any call the test made.'),
      points: z.literal(0),
      message: why(),
      output: output(),
      trace: TraceSchema.optional(),
    }),
    z.strictObject({ ...testFields, status: z.literal('timeout').describe('It hung, and the grader stopped it.'), points: z.literal(0), message: why(), output: output(), trace: TraceSchema.optional() }),
    z.strictObject({
      ...testFields,
      status: z.literal('not-run').describe("It never started: an earlier test in its file hung, or the grade's deadline passed."),
      points: z.literal(0),
      message: z.string().min(1).describe('Why it did not run.'),
    }),
  ])
  .meta({ id: 'test' });

export const TypeErrorSchema = z.strictObject({
  file: z.string(),
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  message: z.string(),
});

export const EXERCISE_STATUSES = ['passed', 'failed', 'error'] as const;

export const ExerciseResultSchema = z
  .strictObject({
    id: z.string().regex(/^[0-9]{2}$/),
    title: z.string(),
    lesson: z.string(),
    score: points(),
    maxScore: points(),
    status: z.enum(EXERCISE_STATUSES).describe('passed: every test passed. error: a test errored or timed out. failed: otherwise.'),
    tests: z.array(TestResultSchema),
    typeErrors: z.array(TypeErrorSchema).describe("What TypeScript says about the learner's files: shown, not scored."),
  })
  .meta({ id: 'exercise' });

export const StageTotalSchema = z
  .strictObject({ stage: StageSchema, score: points(), maxScore: points(), passed: count(), total: count() })
  .meta({ id: 'stageTotal' });

export const IntegritySchema = z.strictObject({
  changed: z.array(z.string()).describe("Files under grader/ that differ from the shipped checksums (grader/integrity.json)."),
  missing: z.array(z.string()),
  added: z.array(z.string()),
  changedDuringGrade: z
    .array(z.string())
    .describe('Files that changed while this grade ran, or differed from their checksum when a test loaded them: written by the code under test?'),
  forgedProgressLines: count().describe("Lines in the run's progress log the grader did not sign: something tried to forge results; they were ignored."),
  outsideImports: z
    .array(z.string())
    .describe('Imports in the submission that reach outside its own exercise folder (the reference solution, the tests, another exercise).'),
  refusedFiles: z.array(z.string()).describe('Submitted files that were refused (symbolic links), with the reason.'),
});

export const IsolationSchema = z
  .enum(['bwrap', 'process'])
  .describe(
    "How the code under test ran: 'bwrap' (Linux with bubblewrap: its own user and PID namespace, a read-only course, and a grade network with nothing but loopback) " +
      "or 'process' (a plain child process with an allow-listed environment, everywhere else).",
  );

export const RepetitionSchema = z
  .strictObject({
    runs: z.number().int().min(1),
    flaky: z
      .array(z.strictObject({ exercise: z.string(), test: z.string(), statuses: z.array(z.enum(TEST_STATUSES)) }))
      .describe('Tests whose outcome was not the same in every run.'),
  })
  .describe('Present with --repeat n.');

export const GradeReportSchema = z
  .strictObject({
    schemaVersion: z.literal(SCHEMA_VERSION).describe(VERSIONS),
    course: z.string(),
    official: z.boolean().describe("False when the grader's own files differ from the checksums it shipped with (grader/integrity.json): the scores cannot be trusted."),
    integrity: IntegritySchema,
    isolation: IsolationSchema,
    target: z.string().describe('The folder graded, relative to the repository root when inside it.'),
    stage: StageSchema.nullable().describe('The one stage selected with --stage, or null for all.'),
    score: points(),
    maxScore: points(),
    durationMs: count(),
    exercises: z.array(ExerciseResultSchema),
    stages: z.array(StageTotalSchema).describe('Totals per lifecycle stage over every selected test, in lifecycle order.'),
    repetition: RepetitionSchema.optional(),
  })
  .meta({ title: 'Real-time Remix grade report', description: 'What `npm run grade -- --json` prints on stdout. schemaVersion changes whenever this shape does.' });


/** Where the generated JSON Schema lives, beside this file. */
export const SCHEMA_FILE = fileURLToPath(new URL('./grade-report.schema.json', import.meta.url));

/** The generated file's exact text, for `schema` (the report's own by default). */
export function reportJsonText(schema: z.ZodType = GradeReportSchema): string {
  const generated = z.toJSONSchema(schema, { target: 'draft-2020-12' });
  const { $schema, ...rest } = generated;
  return `${JSON.stringify({ $schema, $id: 'https://realtime-remix.example/grader/schema/grade-report.schema.json', ...rest }, null, 2)}\n`;
}

/** Why the JSON Schema file `onDisk` is not what `schema` generates, or null when it is. */
export function schemaFileDrift(onDisk: string, schema: z.ZodType = GradeReportSchema): string | null {
  if (onDisk === reportJsonText(schema)) return null;
  return 'grader/schema/grade-report.schema.json is not what grader/schema/report.ts generates: run npm run schema (and bump SCHEMA_VERSION if the shape changed)';
}
