/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export interface CharClasses {
  readonly lower: boolean;
  readonly upper: boolean;
  readonly digit: boolean;
  readonly symbol: boolean;
  readonly count: number;
}

export function charClasses(text: string): CharClasses {
  const lower = /[a-z]/u.test(text);
  const upper = /[A-Z]/u.test(text);
  const digit = /\d/u.test(text);
  const symbol = /[^\dA-Za-z]/u.test(text);
  return { lower, upper, digit, symbol, count: Number(lower) + Number(upper) + Number(digit) + Number(symbol) };
}

/**
 * Does the text look like a random token rather than words? Random tokens of length n over an alphabet of size k
 * reach close to log2(min(n, k)) bits per char; words and identifiers stay far below.
 */
export function looksRandom(text: string, minLength = 16): boolean {
  if (text.length < minLength) return false;
  const classes = charClasses(text);
  if (classes.count < 2) return /^[\da-f]+$/u.test(text) && text.length >= 32 && shannonEntropy(text) > 3.3;
  // Without upper case, a random token over [a-z0-9] mixes both kinds throughout; a word with a digit or two
  // (`storageaccountkeybase64encoded`) does not.
  if (!classes.upper || !classes.lower) {
    const digits = text.replace(/\D/gu, "").length / text.length;
    if (classes.digit && (classes.lower || classes.upper) && (digits < 0.12 || digits > 0.88)) return false;
  }
  const expected = Math.log2(Math.min(text.length, classes.upper && classes.lower ? 64 : 36));
  return shannonEntropy(text) >= Math.min(4.2, expected * 0.68) && !looksLikeIdentifier(text);
}

/** camelCase / snake_case / kebab-case words: long but not random. */
export function looksLikeIdentifier(text: string): boolean {
  if (/\d.*\d.*\d/u.test(text)) return false;
  const words = text.split(/[-_.:/\s]|(?<=[a-z])(?=[A-Z])/u).filter((w) => w.length > 0);
  if (words.length < 2) return false;
  return words.every((w) => /^[A-Za-z][a-z]*$|^[A-Z]+$/u.test(w) && w.length <= 16);
}
