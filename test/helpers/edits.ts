/** Small edits of a reference solution, for fixtures made from it: the edit is the whole difference. */

/** `source` with the first `find` replaced; throws when `find` is gone, so a fixture cannot silently stop changing anything. */
export function replaceOnce(source: string, find: string, replacement: string): string {
  if (!source.includes(find)) throw new Error(`fixture edit: "${find}" is not in the solution any more`);
  return source.replace(find, replacement);
}
