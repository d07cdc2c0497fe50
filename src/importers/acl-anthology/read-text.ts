// Input files are UTF-8, and an import refuses any that is not: Node's decoder would turn
// each invalid byte into U+FFFD silently, and that text would be imported as if it were data.
import { readFile } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { ImportError } from './errors.js';

/**
 * The offset of the first byte that does not begin (or continue) a well-formed UTF-8
 * sequence (the Unicode standard's table 3-7: no overlong forms, no surrogates, nothing
 * above U+10FFFF), or -1.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      // The sequence's second byte has the narrower range; later ones are plain continuations.
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** The text of a file's bytes; an ImportError naming the file, line and byte offset if they are not UTF-8. */
export function decodeUtf8(bytes: Buffer, displayName: string): string {
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8(bytes);
    if (offset < 0) throw ImportError.at(displayName, undefined, undefined, 'invalid UTF-8');
    let line = 1;
    for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
    throw ImportError.at(
      displayName,
      line,
      undefined,
      `invalid UTF-8 at byte offset ${offset} (byte 0x${bytes[offset]!.toString(16).padStart(2, '0')})`,
    );
  }
  return bytes.toString('utf8');
}

/**
 * Told the bytes of each file read (by display name), before they are decoded: the sync
 * (sync.ts) stores the hash of the bytes an import parsed, not of what a separate read found.
 */
export type ReadRecorder = (displayName: string, bytes: Buffer) => void;

/** A file's text (decodeUtf8), or an ImportError naming the file. */
export async function readUtf8File(file: string, displayName: string, record?: ReadRecorder): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw ImportError.at(displayName, 1, undefined, (err as Error).message);
  }
  record?.(displayName, bytes);
  return decodeUtf8(bytes, displayName);
}
