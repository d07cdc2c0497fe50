// `npm run gen:corpus -- --papers N --out DIR [--seed S] [--source DIR] [--stats FILE] [--save-stats FILE]`
// writes a synthetic corpus of N papers in the Anthology's old format into DIR (emptied first),
// its distributions measured from the real corpus (--source, default ../shared/data/acl-anthology)
// and printed next to the generated corpus's. --stats reads a measurement saved by --save-stats
// instead of measuring again. The last line is JSON: what was written, and this process's peak RSS.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus } from './corpus/generate.js';
import { type CorpusStats, measureCorpus } from './corpus/measure.js';
import { compareTable } from './corpus/report.js';
import { CORPUS } from './database.js';

function wholeNumber(name: string, text: string | undefined, fallback?: number): number {
  if (text === undefined && fallback !== undefined) return fallback;
  if (text === undefined || !/^\d+$/.test(text)) throw new Error(`--${name} must be a whole number, got ${text ?? 'nothing'}`);
  return Number(text);
}

async function main() {
  const { values } = parseArgs({
    options: {
      papers: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      source: { type: 'string' },
      stats: { type: 'string' },
      'save-stats': { type: 'string' },
    },
  });
  const papers = wholeNumber('papers', values.papers);
  if (papers < 1) throw new Error('--papers must be at least 1');
  if (!values.out) throw new Error('--out DIR is required');
  const seed = wholeNumber('seed', values.seed, 1);
  const source = path.resolve(values.source ?? CORPUS);
  const stats: CorpusStats = values.stats ? (JSON.parse(await readFile(values.stats, 'utf8')) as CorpusStats) : await measureCorpus(source);
  if (values['save-stats']) await writeFile(values['save-stats'], JSON.stringify(stats));
  const generated = await generateCorpus({
    papers,
    out: path.resolve(values.out),
    seed,
    stats,
    venuesDir: path.join(source, 'yaml', 'venues'),
  });
  console.log(compareTable(stats, generated));
  const { papers: written, people, authorships, collections, volumes, yamlEntries } = generated;
  const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ papers: written, people, authorships, collections, volumes, yamlEntries, seed, peakRssMiB }));
}

main().catch((error: Error) => {
  console.error(`gen:corpus: ${error.message}`);
  process.exit(1);
});
