// The runner process: the engine starts one to run Vitest, so that code under
// test which kills its parent process kills only this runner, never the grade.
// Plain JavaScript so Vitest's Node API loads before tsx's hooks (faster).
await import('vitest/node');
const { register } = await import('tsx/esm/api');
register();
await import('./runner-main.ts');
