/**
 * Course-author tools. `npm run starters` regenerates exercises/ from the
 * solutions' TODO regions (see grader/engine/starter.ts); npm test checks that
 * the committed starters are exactly what this writes.
 */
import { writeStarter } from '../engine/starter-files';
import { DEFAULT_TARGET } from '../engine/paths';
import { manifest } from '../manifest';

const [command] = process.argv.slice(2);
if (command !== 'starters') {
  process.stderr.write('Usage: npm run starters   (regenerates exercises/ from solutions/)\n');
  process.exit(2);
}
for (const exercise of manifest.exercises) {
  const written = await writeStarter(exercise, DEFAULT_TARGET);
  process.stdout.write(`exercises/${written.join(', exercises/')}\n`);
}
