/** What the learner's values become when they cross from the subject process, where they are not plain data. */

/** A learner's value that is an Error, as it crossed. */
export class RemoteError extends Error {
  constructor(name: string, message: string, stack: string) {
    super(message);
    this.name = name;
    this.stack = stack;
  }
}

/** A Buffer, typed array or ArrayBuffer the learner's code produced. */
export class RemoteBytes {
  constructor(
    readonly kind: string,
    readonly length: number,
    readonly text: string,
  ) {}
}

/** A value that could not cross as data (a Promise, a Map, a cycle), described in words. */
export class RemoteOpaque {
  constructor(readonly what: string) {}
}
