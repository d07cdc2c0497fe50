// The read-only data beside the project: ../shared/data (a clone, CI), or two levels up for a
// git worktree kept under a folder of its own (wt/<name>).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/db/local.js';

const BASES = [path.resolve(PROJECT_ROOT, '../shared/data'), path.resolve(PROJECT_ROOT, '../../shared/data')];

export function sharedData(...parts: string[]): string {
  const base = BASES.find((b) => existsSync(b)) ?? BASES[0]!;
  return path.join(base, ...parts);
}
