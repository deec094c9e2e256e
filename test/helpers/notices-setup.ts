/** Vitest global setup for npm test: makes the notices folder, and prints what was noted when the run ends. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOTICE_DIR_ENV } from './notices';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'course-notices-'));
  process.env[NOTICE_DIR_ENV] = dir;
  return () => {
    const file = join(dir, 'notices.txt');
    const lines = existsSync(file) ? [...new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean))] : [];
    if (lines.length > 0) process.stdout.write(`\nNot checked on this machine:\n${lines.map((l) => `  - ${l}`).join('\n')}\n`);
    rmSync(dir, { recursive: true, force: true });
  };
}
