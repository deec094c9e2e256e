import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  brokenPaths,
  codeBlocks,
  compileProblems,
  excerptProblem,
  LESSON_SECTIONS,
  missingSections,
  sectionBody,
  TRANSCRIPT_MIN_WORDS,
  transcriptProblems,
} from '../checks/lesson-checks';

const repo = mkdtempSync(join(tmpdir(), 'lesson-repo-'));
mkdirSync(join(repo, 'solutions/01-x'), { recursive: true });
mkdirSync(join(repo, 'lessons'), { recursive: true });
writeFileSync(join(repo, 'solutions/01-x/client.ts'), "import WebSocket from 'ws';\n\n// #region TODO(open): x\nconst socket = new WebSocket(url);\nsocket.on('open', () => socket.send('Hello Server'));\n// #endregion\n");

const fence = (lead: string, code: string) => `${lead}\n\n\`\`\`ts\n${code}\n\`\`\`\n`;

describe('excerpts', () => {
  const good = fence('This is an excerpt of `solutions/01-x/client.ts`:', "const socket = new WebSocket(url);\nsocket.on('open', () => socket.send('Hello Server'));");

  test('an excerpt whose lines are in its file, in order, passes', () => {
    const [block] = codeBlocks(good);
    expect(block?.excerptOf).toBe('solutions/01-x/client.ts');
    expect(block && excerptProblem(block, repo)).toBeNull();
  });

  test('a broken code block fails: a changed line, or lines out of order', () => {
    const [changed] = codeBlocks(good.replace("'Hello Server'", "'Hello'"));
    expect(changed && excerptProblem(changed, repo)).toMatch(/is not in solutions\/01-x\/client.ts/);
    const [swapped] = codeBlocks(fence('An excerpt of `solutions/01-x/client.ts`:', "socket.on('open', () => socket.send('Hello Server'));\nconst socket = new WebSocket(url);"));
    expect(swapped && excerptProblem(swapped, repo)).toMatch(/in this order/);
    const [gone] = codeBlocks(fence('An excerpt of `solutions/01-x/gone.ts`:', 'const a = 1;'));
    expect(gone && excerptProblem(gone, repo)).toMatch(/does not exist/);
  });
});

describe('links and paths', () => {
  test('a link or a repository path that does not resolve is reported', () => {
    const lesson = join(repo, 'lessons/01-x.md');
    const text = 'See [the solution](../solutions/01-x/client.ts), [gone](../solutions/01-x/nope.ts), `solutions/01-x/client.ts`, `exercises/01-x/missing.ts` and [the web](https://example.com).';
    expect(brokenPaths(text, lesson, repo)).toEqual(['../solutions/01-x/nope.ts', 'exercises/01-x/missing.ts']);
  });
});

describe('sections', () => {
  const whole = ['# 01 · X', ...LESSON_SECTIONS.map((s) => `## ${s}\n\ntext`)].join('\n\n');

  test('a lesson with every section in order passes; a missing or misplaced one is named', () => {
    expect(missingSections(whole)).toEqual([]);
    expect(missingSections(whole.replace('## Variable Tracker', '## Variables'))).toEqual(['Variable Tracker']);
    const swapped = whole.replace('## Key Moments', '## TEMP').replace('## Execution Table', '## Key Moments').replace('## TEMP', '## Execution Table');
    expect(missingSections(swapped)[0]).toMatch(/out of order/);
  });

  test('headings inside code blocks do not count', () => {
    expect(missingSections(whole.replace('## Concept Flow', '```md\n## Concept Flow\n```'))).toEqual(['Concept Flow']);
  });

  test('the Full Transcript closes the lesson: a lesson without it is missing it, and one that puts it earlier is out of order', () => {
    expect(LESSON_SECTIONS.at(-1)).toBe('Full Transcript');
    const withoutTranscript = whole.slice(0, whole.indexOf('## Full Transcript'));
    expect(missingSections(withoutTranscript)).toEqual(['Full Transcript']);
    const early = withoutTranscript.replace('## Concept Flow', '## Full Transcript\n\ntext\n\n## Concept Flow');
    expect(missingSections(early)[0]).toMatch(/out of order/);
  });
});

describe('the Full Transcript', () => {
  const sentence = 'The client opens the socket, and the server answers with its welcome message before anything else happens. ';
  const prose = (words: number) => Array.from({ length: Math.ceil(words / 17) }, () => sentence).join('').trim();
  const lesson = (transcript: string, after = '') => `# 01 · X\n\n## Concept Snapshot\n\n- a bullet\n\n## Full Transcript\n\n${transcript}\n${after}`;

  test('its body runs from its heading to the next H2, headings in code blocks aside', () => {
    expect(sectionBody(lesson('Plain words.', '\n## Later\n\nmore'), 'Full Transcript')?.trim()).toBe('Plain words.');
    expect(sectionBody(lesson('Words.\n\n```md\n## Not a heading\n```\n\nStill here.'), 'Full Transcript')).toContain('Still here.');
    expect(sectionBody('# 01 · X\n\n## Concept Flow\n\ntext', 'Full Transcript')).toBeNull();
  });

  test('paragraphs of prose, long enough to tell the run, pass', () => {
    expect(transcriptProblems(lesson(`${prose(TRANSCRIPT_MIN_WORDS)}\n\n${prose(40)}`))).toEqual([]);
  });

  test('a missing, empty or too short transcript is reported', () => {
    expect(transcriptProblems('# 01 · X\n\n## Concept Snapshot\n\n- a bullet\n')).toEqual(['there is no Full Transcript section']);
    expect(transcriptProblems(lesson(''))).toEqual(['the Full Transcript is empty']);
    expect(transcriptProblems(lesson(prose(40)))).toEqual([expect.stringMatching(/has \d+ words, fewer than 150/)]);
  });

  test('a code block, a Mermaid diagram, a table, a list or a sub-heading is not prose', () => {
    const long = prose(TRANSCRIPT_MIN_WORDS);
    expect(transcriptProblems(lesson(`${long}\n\n\`\`\`ts\nsocket.send('Hello Server');\n\`\`\``))).toEqual([expect.stringMatching(/code block/)]);
    expect(transcriptProblems(lesson(`${long}\n\n\`\`\`mermaid\nsequenceDiagram\n\`\`\``))).toEqual([expect.stringMatching(/code block/)]);
    expect(transcriptProblems(lesson(`${long}\n\n| Step | Action |\n| --- | --- |\n| 1 | connect |`))).toEqual([expect.stringMatching(/table/)]);
    expect(transcriptProblems(lesson(`${long}\n\n- first the client connects\n- then the server answers`))).toEqual([expect.stringMatching(/list/)]);
    expect(transcriptProblems(lesson(`${long}\n\n1. the client connects\n2. the server answers`))).toEqual([expect.stringMatching(/list/)]);
    expect(transcriptProblems(lesson(`### Step one\n\n${long}`))).toEqual([expect.stringMatching(/heading/)]);
  });
});

describe('standalone code blocks', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'lesson-blocks-'));
  const root = join(__dirname, '../..');

  test('a block that compiles with the course packages passes; one with a type error fails', async () => {
    const [good] = codeBlocks(fence('A sketch:', "import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ noServer: true });\nwss.on('connection', (socket) => socket.send('hi'));"));
    expect(good && (await compileProblems(good, root, scratch))).toEqual([]);
    const [bad] = codeBlocks(fence('A sketch:', "import { WebSocketServer } from 'ws';\nconst wss: WebSocketServer = 'not a server';"));
    expect(bad && (await compileProblems(bad, root, scratch))).toEqual([expect.stringContaining("Type 'string' is not assignable")]);
  });
});
