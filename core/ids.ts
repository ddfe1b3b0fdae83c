import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32, as in ULID

let lastTime = 0;
let lastRandom: Uint8Array = new Uint8Array(10);

/**
 * A new ULID-style identifier: 10 characters of millisecond time then 16 of randomness,
 * monotonic within one process (ids made in the same millisecond still sort in creation order).
 * Ids sort by time; the storage layer orders messages by its own sequence, not by id.
 */
export function newId(prefix = ''): string {
  const now = Date.now();
  if (now <= lastTime) {
    increment(lastRandom);
  } else {
    lastTime = now;
    lastRandom = randomChunk();
  }
  return prefix + encodeTime(lastTime) + encodeRandom(lastRandom);
}

function encodeTime(time: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[time % 32] + out;
    time = Math.floor(time / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  // 80 bits -> 16 base32 characters, 5 bits at a time.
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

function increment(bytes: Uint8Array): void {
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i] < 255) {
      bytes[i]++;
      return;
    }
    bytes[i] = 0;
  }
}

/**
 * Ten fresh random bytes, cut from a pool refilled 4 KiB at a time: one call into the system's
 * random source per ~400 ids instead of one per id (a syscall each, slow on a loaded machine).
 */
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

function randomChunk(): Uint8Array {
  if (poolOffset + 10 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += 10;
  return pool.slice(poolOffset - 10, poolOffset);
}
