/** A throw-away copy of the course, for submissions that write into it. */
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../grader/engine/paths';

export function repoCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'course-copy-'));
  for (const entry of ['grader', 'shared', 'solutions', 'exercises', 'lessons', 'package.json', 'tsconfig.json']) {
    cpSync(join(REPO_ROOT, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  mkdirSync(join(dir, '.grader'), { recursive: true });
  return dir;
}
