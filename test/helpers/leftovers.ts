/**
 * What a grade left running, found from outside the grader, so the grader's
 * own process control is checked by other means than its own. Linux: every
 * process whose environment or command line mentions `marker` (/proc); other
 * platforms: every process whose command line does (`ps`, which macOS has).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export function processesMentioning(marker: string): number[] {
  return existsSync('/proc/self/environ') ? fromProc(marker) : fromPs(marker);
}

function fromProc(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue; // ended, not yet reaped
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (environ.includes(marker) || cmdline.includes(marker)) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

function fromPs(marker: string): number[] {
  if (process.platform === 'win32') return []; // no ps: the grader's taskkill /T is all there is
  const lines = execFileSync('ps', ['-A', '-o', 'pid=,stat=,command='], { encoding: 'utf8' }).split('\n');
  return lines.flatMap((line) => {
    const match = /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!match || Number(match[1]) === process.pid || match[2]?.startsWith('Z')) return [];
    return match[3]?.includes(marker) ? [Number(match[1])] : [];
  });
}
