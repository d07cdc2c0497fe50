// The UTF-8 check behind the importer's refusal of invalid input (issue 13): the Unicode
// standard's well-formed byte sequences (table 3-7), checked against Node's own decoder.
import { isUtf8 } from 'node:buffer';
import { firstInvalidUtf8 } from '../../src/importers/acl-anthology/read-text.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

test.each([
  ['ASCII', bytes(0x61, 0x62), -1],
  ['two bytes (é)', bytes(0x61, 0xc3, 0xa9), -1],
  ['three bytes (€)', bytes(0xe2, 0x82, 0xac), -1],
  ['four bytes (𝄞)', bytes(0xf0, 0x9d, 0x84, 0x9e), -1],
  ['a lone continuation byte', bytes(0x61, 0x80), 1],
  ['an overlong "/" (C0 AF)', bytes(0xc0, 0xaf), 0],
  ['an overlong three-byte form (E0 80 AF)', bytes(0xe0, 0x80, 0xaf), 0],
  ['a surrogate (ED A0 80)', bytes(0x61, 0xed, 0xa0, 0x80), 1],
  ['above U+10FFFF (F4 90 80 80)', bytes(0xf4, 0x90, 0x80, 0x80), 0],
  ['F5', bytes(0xf5, 0x80, 0x80, 0x80), 0],
  ['a truncated sequence at the end', bytes(0x61, 0xe2, 0x82), 1],
  ['a sequence cut by ASCII', bytes(0xe2, 0x41, 0x42), 0],
  ['FF', bytes(0x61, 0x62, 0xff), 2],
])('%s', (_name, input, offset) => {
  expect(firstInvalidUtf8(input)).toBe(offset);
  expect(isUtf8(input)).toBe(offset === -1);
});
