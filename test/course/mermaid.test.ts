// @vitest-environment jsdom
/** Every lesson's Mermaid diagrams parse, as GitHub's renderer would need them to. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../grader/engine/paths';
import { manifest } from '../../grader/manifest';
import { codeBlocks } from '../checks/lesson-checks';

async function parse(diagram: string): Promise<void> {
  const mermaid = (await import('mermaid')).default;
  await mermaid.parse(diagram);
}

describe.each(manifest.exercises.map((e) => [e.lesson] as const))('%s', (lesson) => {
  test('every Mermaid block parses', async () => {
    const diagrams = codeBlocks(readFileSync(join(REPO_ROOT, lesson), 'utf8')).filter((b) => b.lang === 'mermaid');
    expect(diagrams.length).toBeGreaterThan(0);
    for (const diagram of diagrams) await expect(parse(diagram.code), `the diagram at line ${diagram.line}`).resolves.toBeUndefined();
  });
});

test('a broken diagram is caught', async () => {
  await expect(parse('sequenceDiagram\n    participant C as Client\n    C->>: a message to nobody')).rejects.toThrow();
});
