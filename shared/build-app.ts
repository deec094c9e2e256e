/**
 * Builds one snapshot of the app for production: the browser bundle into
 * build/client/, then the server bundle into build/server/index.js, as
 * `remix vite:build` does.
 */
import { build, type LogLevel } from 'vite';
import { BUILD_DIRECTORY_ENV } from './vite-config';

export interface BuildOptions {
  /** Build here instead of the snapshot's own build/ folder. */
  readonly buildDirectory?: string;
  readonly logLevel?: LogLevel;
}

/** `viteConfigFile` is the snapshot's vite.config.ts. */
export async function buildApp(viteConfigFile: string, options: BuildOptions = {}): Promise<void> {
  const previous = process.env[BUILD_DIRECTORY_ENV];
  if (options.buildDirectory) process.env[BUILD_DIRECTORY_ENV] = options.buildDirectory;
  try {
    for (const ssr of [false, true]) {
      await build({
        configFile: viteConfigFile,
        logLevel: options.logLevel ?? 'warn',
        build: { ssr, emptyOutDir: true },
        mode: 'production',
        // Vite takes NODE_ENV from the environment when it is set, and a test runner sets it to 'test':
        // the browser bundle would then carry React's development build (StrictMode's double effects and all).
        define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      });
    }
  } finally {
    if (previous === undefined) delete process.env[BUILD_DIRECTORY_ENV];
    else process.env[BUILD_DIRECTORY_ENV] = previous;
  }
}
