// Type-checks learner files in a child process (engine/typecheck.ts), beside the test run. It stays
// up between checks when its owner keeps it (watch mode): the files it parsed
// (React's, Node's and the DOM's types above all) are kept while unchanged and
// each check reuses the last program, so a re-check takes a fraction of the first.
// Plain JavaScript: the TypeScript compiler API needs no transpiling.
import { resolve } from 'node:path';
import ts from 'typescript';
import { standaloneOptions } from './ts-options.mjs';

const repoRoot = /** @type {string} */ (process.argv[2]);
const options = standaloneOptions(ts, repoRoot);
const host = ts.createCompilerHost(options);
const parse = host.getSourceFile.bind(host);
/** @type {Map<string, { text: string | undefined; file: ts.SourceFile | undefined }>} */
let parsed = new Map();
/** @type {Map<string, { text: string | undefined; file: ts.SourceFile | undefined }>} */
let used = new Map();
host.getSourceFile = (name, language, onError) => {
  const text = ts.sys.readFile(name);
  const kept = parsed.get(name);
  const entry = kept && kept.text === text ? kept : { text, file: parse(name, language, onError) };
  used.set(name, entry);
  return entry.file;
};
/** @type {ts.Program | undefined} */
let last;

process.on('message', (/** @type {{ id: number; files: string[] }} */ job) => {
  used = new Map();
  const program = ts.createProgram(job.files, options, host, last);
  // What this check did not read is dropped: each grade stages its copy in a new folder.
  parsed = used;
  last = program;
  // TypeScript names files with '/' on every platform: compared as resolved paths, so Windows' '\\' paths match too.
  const wanted = new Set(job.files.map((f) => resolve(f)));
  // Only the learner's files are checked: the given code they import is read for its types, not checked again.
  const diagnostics = program
    .getSourceFiles()
    .filter((file) => wanted.has(resolve(file.fileName)))
    .flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)])
    .filter((d) => d.file && d.category === ts.DiagnosticCategory.Error)
    .map((d) => {
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
      const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      return { file: resolve(d.file.fileName), line: line + 1, column: character + 1, message: `${text} (TS${d.code})` };
    });
  process.send?.({ id: job.id, diagnostics });
});
