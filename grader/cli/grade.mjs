// The grader's command-line entry: `npm run grade -- …` and `npm start`.
// Plain JavaScript that registers tsx and loads the TypeScript CLI. Vitest
// itself runs in a separate runner process (grader/engine/runner.mjs).
const { register } = await import('tsx/esm/api');
register();
await import('./main.ts');
