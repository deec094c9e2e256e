/** The longest text that crosses from the subject in one value; the rest is cut. */
export const MAX_TEXT = 100_000;
