/** A staged grade takes the learner's files from the target only: a missing one stays missing, on every platform. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { manifestPath, stageTarget } from '../../grader/engine/staging';
import { manifest } from '../../grader/manifest';

describe('manifestPath', () => {
  test('names a file as the manifest does, from POSIX and from Windows paths', () => {
    expect(manifestPath('/course/solutions/03-x', '/course/solutions/03-x/app/hooks/useWebSocket.ts', path.posix)).toBe('app/hooks/useWebSocket.ts');
    expect(manifestPath('C:\\course\\solutions\\03-x', 'C:\\course\\solutions\\03-x\\app\\hooks\\useWebSocket.ts', path.win32)).toBe('app/hooks/useWebSocket.ts');
    expect(manifestPath('C:\\course\\solutions\\01-x', 'C:\\course\\solutions\\01-x\\server.ts', path.win32)).toBe('server.ts');
  });
});

describe('stageTarget', () => {
  test('an empty target stages every exercise without a single learner file: none comes from the solution', () => {
    const target = mkdtempSync(path.join(tmpdir(), 'empty-target-'));
    const staged = stageTarget(target, manifest.exercises);
    try {
      for (const exercise of manifest.exercises) {
        expect(existsSync(path.join(staged.dir, exercise.slug)), exercise.slug).toBe(true);
        for (const file of exercise.files) expect(existsSync(path.join(staged.dir, exercise.slug, file)), `${exercise.slug}/${file}`).toBe(false);
      }
    } finally {
      staged.dispose();
      rmSync(target, { recursive: true, force: true });
    }
    expect(existsSync(staged.dir)).toBe(false);
  });
});
