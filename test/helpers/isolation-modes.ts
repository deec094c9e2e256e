/**
 * The isolations a suite grades in: the portable one (a plain child process) always, and
 * bubblewrap where installed, which CI=true requires. Without it, the run ends with a notice.
 */
import { bwrapWorks, type Isolation } from '../../grader/harness/sandbox';
import { cleanEnv, type Env } from './cli';
import { notice } from './notices';

export function isolationModes(suite: string): { readonly modes: readonly Isolation[]; readonly env: (mode: Isolation) => Env } {
  const hasBwrap = bwrapWorks();
  if (!hasBwrap) {
    if (process.env.CI === 'true') throw new Error('bubblewrap is missing: .ci/run installs it (apt-get install bubblewrap)');
    notice(`${suite}: the bubblewrap sandbox was not tested (install the bubblewrap package); the portable isolation was`);
  }
  return {
    modes: hasBwrap ? ['bwrap', 'process'] : ['process'],
    env: (mode) => cleanEnv({ GRADER_SANDBOX: mode === 'bwrap' ? 'bwrap' : 'off' }),
  };
}
