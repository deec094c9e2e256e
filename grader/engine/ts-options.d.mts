import type ts from 'typescript';

export function standaloneOptions(typescript: typeof ts, repoRoot: string): ts.CompilerOptions;
