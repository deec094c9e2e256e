/** ANSI styling that turns itself off: honours NO_COLOR, FORCE_COLOR and non-terminal output. */
export interface Style {
  readonly green: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly cyan: (s: string) => string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export const colored: Style = {
  green: wrap(32, 39),
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  dim: wrap(2, 22),
  bold: wrap(1, 22),
  cyan: wrap(36, 39),
};

const same = (s: string): string => s;
export const plain: Style = { green: same, red: same, yellow: same, dim: same, bold: same, cyan: same };

/** `explicit` is --color / --no-color when given. https://no-color.org: any non-empty NO_COLOR turns colour off. */
export function chooseStyle(explicit: boolean | null, stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): Style {
  if (explicit !== null) return explicit ? colored : plain;
  if (env.NO_COLOR) return plain;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return colored;
  return stream.isTTY ? colored : plain;
}
