/**
 * Course-author tools. `npm run starters` regenerates exercises/ from the
 * solutions' TODO regions (see grader/engine/starter.ts); `npm run integrity`
 * records the checksums of grader/ that every grade checks; `npm run schema`
 * writes the report's JSON Schema from its definition in code
 * (grader/schema/report.ts). npm test checks that all three are up to date.
 */
import { writeFileSync } from 'node:fs';
import { reportJsonText, SCHEMA_FILE } from '../schema/report';
import { writeChecksums } from '../engine/integrity';
import { writeStarter } from '../engine/starter-files';
import { DEFAULT_TARGET } from '../engine/paths';
import { manifest } from '../manifest';

const [command] = process.argv.slice(2);
if (command === 'starters') {
  for (const exercise of manifest.exercises) {
    const written = await writeStarter(exercise, DEFAULT_TARGET);
    process.stdout.write(`exercises/${written.join(', exercises/')}\n`);
  }
} else if (command === 'integrity') {
  writeChecksums();
  process.stdout.write('grader/integrity.json now lists the checksums of every file in grader/.\n');
} else if (command === 'schema') {
  writeFileSync(SCHEMA_FILE, reportJsonText());
  process.stdout.write('grader/schema/grade-report.schema.json now matches grader/schema/report.ts; run npm run integrity next.\n');
} else {
  process.stderr.write(
    'Usage: npm run starters    regenerate exercises/ from solutions/\n' +
      '       npm run integrity   record the checksums of grader/ in grader/integrity.json\n' +
      "       npm run schema      write grader/schema/grade-report.schema.json from the report's definition\n",
  );
  process.exit(2);
}
