/**
 * Course-author tools. `npm run starters` regenerates exercises/ from the
 * solutions' TODO regions (grader/authoring/starter.ts) and carries given code
 * over from stage to stage (grader/authoring/snapshots.ts), and writes each
 * lesson's table of graded tests (grader/authoring/lesson-tables.ts) and each
 * quiz's salted keys (grader/authoring/quiz-keys.ts); `npm run integrity`
 * records the checksums of grader/ that every grade checks; `npm run schema`
 * writes the report's JSON Schema from its definition in code
 * (grader/schema/report.ts). npm test checks that all three are up to date.
 */
import { writeFileSync } from 'node:fs';
import { reportJsonText, SCHEMA_FILE } from '../schema/report';
import { writeChecksums } from '../engine/integrity';
import { AuthoringError } from '../authoring/snapshots';
import { StarterMarkupError } from '../authoring/starter';
import { writeSnapshots } from '../authoring/course-files';
import { manifest } from '../manifest';

const [command] = process.argv.slice(2);

function writeSnapshotsOrExit(): ReturnType<typeof writeSnapshots> {
  try {
    return writeSnapshots(manifest.exercises);
  } catch (error) {
    if (!(error instanceof AuthoringError || error instanceof StarterMarkupError)) throw error;
    process.stderr.write(`npm run starters: ${error.message}\n`);
    process.exit(1);
  }
}
if (command === 'starters') {
  const { written, deleted, strays } = writeSnapshotsOrExit();
  process.stdout.write(written.length === 0 ? 'Every generated file was up to date.\n' : `Wrote ${written.join(', ')}.\n`);
  if (deleted.length > 0) process.stdout.write(`Deleted carried copies nothing carries any more: ${deleted.join(', ')}.\n`);
  if (strays.length > 0) process.stdout.write(`Not part of any snapshot (left in place; delete them if they are not yours): ${strays.join(', ')}.\n`);
  if (written.length + deleted.length > 0) process.stdout.write('Run npm run integrity next.\n');
} else if (command === 'integrity') {
  writeChecksums();
  process.stdout.write('grader/integrity.json now lists the checksums of every file in grader/.\n');
} else if (command === 'schema') {
  writeFileSync(SCHEMA_FILE, reportJsonText());
  process.stdout.write('grader/schema/grade-report.schema.json now matches grader/schema/report.ts; run npm run integrity next.\n');
} else {
  process.stderr.write(
    'Usage: npm run starters    regenerate exercises/, the given code carried over in solutions/, lesson test tables and quiz keys\n' +
      '       npm run integrity   record the checksums of grader/ in grader/integrity.json\n' +
      "       npm run schema      write grader/schema/grade-report.schema.json from the report's definition\n",
  );
  process.exit(2);
}
