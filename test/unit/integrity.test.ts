import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { currentChecksums, INTEGRITY_FILE } from '../../grader/engine/integrity';

test('grader/integrity.json lists the checksums of the grader as it is now (run npm run integrity after changing grader/)', () => {
  const shipped = (JSON.parse(readFileSync(INTEGRITY_FILE, 'utf8')) as { files: Record<string, string> }).files;
  const now = currentChecksums();
  const differing = [...new Set([...Object.keys(shipped), ...Object.keys(now)])].filter((f) => shipped[f] !== now[f]);
  expect(differing).toEqual([]);
});
