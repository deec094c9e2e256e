/**
 * Closing notices: what a run of npm test could not check on this machine
 * (a system program is missing), said once at the end of the run, never
 * silently skipped. Workers write them to a folder the global setup made;
 * its teardown (test/helpers/notices-setup.ts) prints them.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

export const NOTICE_DIR_ENV = 'COURSE_NOTICE_DIR';

export function notice(text: string): void {
  const dir = process.env[NOTICE_DIR_ENV];
  if (dir) appendFileSync(join(dir, 'notices.txt'), `${text}\n`);
  else process.stderr.write(`NOTICE: ${text}\n`);
}
