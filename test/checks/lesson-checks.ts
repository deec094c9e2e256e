/**
 * Checks that keep a lesson honest: its shape, its code, its links. Pure
 * functions over the lesson's text (plus reads of the files it names), so the
 * checks themselves are tested on broken lessons in test/unit/lesson-checks.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const LESSON_SECTIONS = [
  'Concept Flow',
  'Execution Sample',
  'Execution Table',
  'Variable Tracker',
  'Key Moments',
  'Your exercise',
  'Visual Quiz',
  'Concept Snapshot',
  'Full Transcript',
] as const;

export interface CodeBlock {
  readonly lang: string;
  readonly code: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The solution file this block says it is an excerpt of, if it says so. */
  readonly excerptOf: string | null;
}

const EXCERPT = /excerpt(?: of|:)\s*`?([\w./$-]+\.(?:tsx?|css))`?/i;

export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i] as string);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) break;
    const before = lines.slice(Math.max(0, i - 4), i).join(' ');
    const excerpt = EXCERPT.exec(before);
    blocks.push({ lang: open[1] ?? '', code: lines.slice(i + 1, end).join('\n'), line: i + 1, excerptOf: excerpt?.[1] ?? null });
    i = end;
  }
  return blocks;
}

/** The H2 headings, in order, outside code blocks. */
export function sections(markdown: string): string[] {
  let inFence = false;
  return markdown.split('\n').flatMap((line) => {
    if (/^```/.test(line)) inFence = !inFence;
    const heading = !inFence && /^## (.+)$/.exec(line);
    return heading ? [(heading[1] as string).trim()] : [];
  });
}

export function missingSections(markdown: string): string[] {
  const found = sections(markdown);
  const missing: string[] = LESSON_SECTIONS.filter((s) => !found.includes(s));
  const order = LESSON_SECTIONS.filter((s) => found.includes(s));
  const seen = found.filter((s) => (LESSON_SECTIONS as readonly string[]).includes(s));
  if (missing.length === 0 && seen.join('|') !== order.join('|')) missing.push(`sections out of order: ${seen.join(', ')}`);
  return missing;
}

/** The text under the H2 heading `name`, up to the next H2 outside code blocks; null when there is no such heading. */
export function sectionBody(markdown: string, name: string): string | null {
  const lines = markdown.split('\n');
  let inFence = false;
  let start = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^```/.test(line)) inFence = !inFence;
    const heading = !inFence && /^## (.+)$/.exec(line);
    if (!heading) continue;
    if (start >= 0) return lines.slice(start, i).join('\n');
    if ((heading[1] as string).trim() === name) start = i + 1;
  }
  return start >= 0 ? lines.slice(start).join('\n') : null;
}

/** The fewest words a Full Transcript may have: it tells a whole run, step by step. */
export const TRANSCRIPT_MIN_WORDS = 150;

/**
 * A Full Transcript is for readers who prefer text and for screen readers: plain
 * paragraphs, at least TRANSCRIPT_MIN_WORDS words, with no code block (a Mermaid
 * diagram is one), no table, no list and no sub-heading. Returns what breaks that.
 */
export function transcriptProblems(markdown: string): string[] {
  const body = sectionBody(markdown, 'Full Transcript');
  if (body === null) return ['there is no Full Transcript section'];
  const problems: string[] = [];
  const lines = body.split('\n');
  if (lines.some((l) => /^\s*(```|~~~)/.test(l))) problems.push('the Full Transcript has a code block: tell it in prose');
  if (lines.some((l) => /^\s*\|/.test(l))) problems.push('the Full Transcript has a table: tell it in prose');
  if (lines.some((l) => /^\s*([-*+]|\d+[.)])\s/.test(l))) problems.push('the Full Transcript has a list: tell it in paragraphs');
  if (lines.some((l) => /^#{1,6}\s/.test(l))) problems.push('the Full Transcript has a heading of its own: it is one section of paragraphs');
  const paragraphs = body.split(/\n\s*\n/).filter((p) => /[a-z]/i.test(p));
  const words = body.split(/\s+/).filter((w) => /[a-z0-9]/i.test(w)).length;
  if (paragraphs.length === 0) problems.push('the Full Transcript is empty');
  else if (words < TRANSCRIPT_MIN_WORDS) problems.push(`the Full Transcript has ${words} words, fewer than ${TRANSCRIPT_MIN_WORDS}: tell the whole run`);
  return problems;
}

const meaningful = (code: string): string[] =>
  code
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^\/\/ (#region|#endregion|TODO|starter:)/.test(l));

/**
 * An excerpt must still be in its file: its lines, in order, among the file's
 * lines (blank lines and region markers aside). Returns the first line that is not.
 */
export function excerptProblem(block: CodeBlock, repoRoot: string): string | null {
  if (!block.excerptOf) return null;
  const path = join(repoRoot, block.excerptOf);
  if (!existsSync(path)) return `line ${block.line}: the excerpt names ${block.excerptOf}, which does not exist`;
  const source = meaningful(readFileSync(path, 'utf8'));
  let at = 0;
  for (const line of meaningful(block.code)) {
    const found = source.indexOf(line, at);
    if (found < 0) return `line ${block.line}: "${line}" is not in ${block.excerptOf} (in this order)`;
    at = found + 1;
  }
  return null;
}

/** Relative links and repository paths in inline code that do not exist. */
export function brokenPaths(markdown: string, lessonPath: string, repoRoot: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  const broken: string[] = [];
  for (const match of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = (match[1] as string).split('#')[0] as string;
    if (target === '' || /^[a-z]+:/i.test(target)) continue;
    if (!existsSync(resolve(dirname(lessonPath), target))) broken.push(target);
  }
  for (const match of prose.matchAll(/`((?:lessons|exercises|solutions|grader|shared|test)\/[\w./$-]+)`/g)) {
    const path = (match[1] as string).replace(/[.,:]$/, '');
    if (!existsSync(join(repoRoot, path))) broken.push(path);
  }
  return broken;
}

/** Type errors of a code block that is not an excerpt, compiled on its own with the course's packages. */
export async function compileProblems(block: CodeBlock, repoRoot: string, scratchDir: string): Promise<string[]> {
  const ts = (await import('typescript')).default;
  const file = join(scratchDir, `block-${block.line}.${block.lang === 'tsx' ? 'tsx' : 'ts'}`);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, block.code);
  const { standaloneOptions } = await import('../../grader/engine/ts-options.mjs');
  const program = ts.createProgram([file], { ...standaloneOptions(ts, repoRoot), moduleDetection: ts.ModuleDetectionKind.Force });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file)
    .map((d) => `line ${block.line + 1 + (d.file?.getLineAndCharacterOfPosition(d.start ?? 0).line ?? 0)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}
