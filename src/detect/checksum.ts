/**
 * Marvin, the keyed 64-bit hash Microsoft uses for the checksums of its identifiable keys.
 * Two 32-bit lanes; every step is reduced with `>>> 0` so the arithmetic stays unsigned mod 2^32.
 */

function rotl(x: number, bits: number): number {
  return ((x << bits) | (x >>> (32 - bits))) >>> 0;
}

interface Lanes {
  lo: number;
  hi: number;
}

// The step order is part of the algorithm: any reordering changes every checksum.
function mix(state: Lanes): void {
  let { lo, hi } = state;
  hi = (hi ^ lo) >>> 0;
  lo = rotl(lo, 20);
  lo = (lo + hi) >>> 0;
  hi = rotl(hi, 9);
  hi = (hi ^ lo) >>> 0;
  lo = rotl(lo, 27);
  lo = (lo + hi) >>> 0;
  hi = rotl(hi, 19);
  state.lo = lo;
  state.hi = hi;
}

function byteAt(bytes: Uint8Array, i: number): number {
  return bytes[i] ?? 0;
}

function marvinLanes(bytes: Uint8Array, seed: bigint): Lanes {
  const state: Lanes = {
    lo: Number(BigInt.asUintN(32, seed)),
    hi: Number(BigInt.asUintN(32, seed >> 32n)),
  };
  const n = bytes.length;
  const whole = n - (n % 4);
  // Explicit little-endian reads: a Uint32Array view would follow the platform's byte order,
  // need 4-byte alignment, and ignore a subarray's byteOffset.
  for (let i = 0; i < whole; i += 4) {
    const word =
      (byteAt(bytes, i) | (byteAt(bytes, i + 1) << 8) | (byteAt(bytes, i + 2) << 16) | (byteAt(bytes, i + 3) << 24)) >>> 0;
    state.lo = (state.lo + word) >>> 0;
    mix(state);
  }
  let tail = 0;
  for (let i = n - 1; i >= whole; i--) tail = (tail << 8) | byteAt(bytes, i);
  const final = ((0x80 << (8 * (n - whole))) | tail) >>> 0;
  state.lo = (state.lo + final) >>> 0;
  mix(state);
  mix(state);
  return state;
}

/** Marvin64 of `bytes` under the 64-bit `seed`: `(hi << 32) | lo`. */
export function marvin64(bytes: Uint8Array, seed: bigint): bigint {
  const { lo, hi } = marvinLanes(bytes, seed);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Marvin32 (`hi ^ lo`) as an unsigned 32-bit integer; keys store it as its 4 little-endian bytes. */
export function marvin32(bytes: Uint8Array, seed: bigint): number {
  const { lo, hi } = marvinLanes(bytes, seed);
  return (hi ^ lo) >>> 0;
}

/**
 * The checksum seeds are named by 8 ASCII characters read as a big-endian uint64 (`"Default0"` → 0x44656661756c7430).
 * Throws on anything else, so a typo in the catalog fails when it loads rather than silently never matching.
 */
export function seedFromName(name: string): bigint {
  if (!/^[\x20-\x7e]{8}$/.test(name)) throw new Error(`checksum seed name must be 8 printable ASCII characters: ${JSON.stringify(name)}`);
  let seed = 0n;
  for (let i = 0; i < 8; i++) seed = (seed << 8n) | BigInt(name.charCodeAt(i));
  return seed;
}
