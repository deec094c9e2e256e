import { describe, expect, test } from 'vitest';
import type { GradeReport } from '../../grader/engine/results';
import { SCHEMA_VERSION } from '../../grader/engine/results';
import { csvField, gradebookCsv, renderBatch, reportFileName, type Submission } from '../../grader/reporters/batch';
import { plain } from '../../grader/reporters/style';

const report = (score: number, official = true): GradeReport => ({
  schemaVersion: SCHEMA_VERSION,
  course: 'Real-time Remix',
  official,
  integrity: { changed: [], missing: [], added: [], changedDuringGrade: [], forgedProgressLines: 0, outsideImports: [], refusedFiles: [] },
  isolation: 'process',
  target: 'class/x',
  stage: null,
  score,
  maxScore: 4,
  durationMs: 1,
  exercises: [
    {
      id: '01',
      title: 'The WebSocket lifecycle',
      lesson: 'lessons/01-websocket-lifecycle.md',
      score,
      maxScore: 4,
      status: score === 4 ? 'passed' : 'failed',
      tests: [],
      typeErrors: [],
    },
  ],
  stages: [{ stage: 'open', score, maxScore: 4, passed: score === 4 ? 1 : 0, total: 1 }],
});

const CLASS: Submission[] = [
  { name: 'alice', report: report(4) },
  { name: '=HYPERLINK("x"),bob', report: report(1, false) },
];

describe('the batch face', () => {
  test('the gradebook has a row per submission, a column per exercise and per stage, and escapes what a student named', () => {
    const lines = gradebookCsv(CLASS).split('\r\n');
    expect(lines[0]).toBe('submission,score,max_score,exercise_01,stage_open,official');
    expect(lines[1]).toBe('alice,4,4,4,4,true');
    // Quoted for its comma and quotes, and never a formula in a spreadsheet.
    expect(lines[2]).toBe('"\'=HYPERLINK(""x""),bob",1,4,1,1,false');
    expect(lines).toHaveLength(4);
  });

  test('csv fields that start like a formula are defused; plain ones are left alone', () => {
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField('@sum')).toBe("'@sum");
    expect(csvField(-3)).toBe("'-3");
    expect(csvField('carol')).toBe('carol');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
  });

  test('the table shows every submission with its points and flags an unofficial grade', () => {
    const text = renderBatch(CLASS, plain);
    expect(text).toMatch(/^alice\s+4\/4\s+4\/4$/m);
    expect(text).toMatch(/bob\s+1\/4\s+1\/4\s+UNOFFICIAL$/m);
    expect(text).toMatch(/2 submissions graded in one run; 1 UNOFFICIAL/);
  });

  test('a report file name stays inside the output folder and never overwrites another', () => {
    const taken = new Set(['gradebook.csv']);
    const names = ['../etc/passwd', 'Alice', 'alice', '..', 'gradebook.csv'].map((n) => {
      const file = reportFileName(n.replace('.csv', ''), taken);
      taken.add(file.toLowerCase());
      return file;
    });
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*\.json$/);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  });
});
