// A sort key that orders anthology ids naturally: `2022.acl-long.2` before
// `2022.acl-long.10`, `W18-0501` after `W18-05`. Every run of digits is left-padded
// to a fixed width, so plain string (C collation) order is natural order.
const WIDTH = 10;

export function naturalSortKey(id: string): string {
  return id.replace(/\d+/g, (digits) => digits.padStart(WIDTH, '0'));
}
