/**
 * The page has messages from two places: the loader's history (rendered on the
 * server, and loaded again after every form post) and the socket's live ones.
 * The same message can come from both, and the socket can even bring one twice
 * (once live, once in the replay after a join). The store's id names a message,
 * and orders them: merge by it.
 */

/** What the merge needs of a message: its id from the store. */
export interface HasId {
  readonly id: number;
}

/**
 * Every message of `loaded` and of `live`, each once, in order of id. When both
 * have a message with the same id, the one in `live` is kept. Neither list is changed.
 */
export function mergeMessages<T extends HasId>(loaded: readonly T[], live: readonly T[]): T[] {
  // #region TODO(client-receive): one message per id, the later list winning (a Map keyed by id
  // does that), sorted by id: the socket's order is not the store's (a replay may follow a live
  // message), and a list sorted by arrival shows a gap filled at the bottom, not where it belongs.
  // starter: return [...loaded, ...live];
  const byId = new Map<number, T>();
  for (const message of [...loaded, ...live]) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.id - b.id);
  // #endregion
}
