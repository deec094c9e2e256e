/** --out writes a report whole or not at all. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import type { GradeReport } from '../../grader/engine/results';
import { writeReportFile } from '../../grader/reporters/json';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'report-file-'));
  dirs.push(dir);
  return dir;
};
const report = (score: number): GradeReport => ({ score, maxScore: 32, exercises: [] }) as unknown as GradeReport;

test('the file holds the whole report, replaces what was there, and nothing else is left beside it', () => {
  const dir = scratch();
  const file = join(dir, 'ada.json');
  writeFileSync(file, 'an earlier report');
  writeReportFile(file, report(7));
  expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ score: 7, maxScore: 32 });
  expect(readdirSync(dir)).toEqual(['ada.json']);
});

test('a report that cannot be written throws and leaves no partial file', () => {
  const dir = scratch();
  expect(() => writeReportFile(join(dir, 'missing-folder', 'ada.json'), report(1))).toThrow(/ENOENT/);
  expect(readdirSync(dir)).toEqual([]);
});
