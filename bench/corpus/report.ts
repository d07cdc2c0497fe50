// The real corpus's distributions next to the generated one's, as a table.
import type { GeneratedCorpus } from './generate.js';
import type { CorpusStats } from './measure.js';

/** h[v] = how many took value v, from one value per item. */
export function histogram(values: readonly number[]): number[] {
  const h: number[] = [];
  for (const v of values) h[v] = (h[v] ?? 0) + 1;
  return Array.from(h, (n) => n ?? 0);
}

/** Mean, quantiles and maximum of a histogram (index = value). */
function summary(h: readonly (number | undefined)[], skipZero = false) {
  let n = 0;
  let sum = 0;
  h.forEach((c, v) => {
    if (!c || (skipZero && v === 0)) return;
    n += c;
    sum += c * v;
  });
  const quantile = (q: number) => {
    let seen = 0;
    for (let v = 0; v < h.length; v++) {
      if (skipZero && v === 0) continue;
      seen += h[v] ?? 0;
      if (seen >= q * n) return v;
    }
    return h.length - 1;
  };
  let max = h.length - 1;
  while (max > 0 && !h[max]) max--;
  return { n, mean: n === 0 ? 0 : sum / n, p50: quantile(0.5), p90: quantile(0.9), p99: quantile(0.99), max };
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const dist = (s: ReturnType<typeof summary>) => `mean ${s.mean.toFixed(2)}, p50 ${s.p50}, p90 ${s.p90}, p99 ${s.p99}, max ${s.max}`;

export function compareTable(real: CorpusStats, gen: GeneratedCorpus): string {
  const rows: [string, string, string][] = [];
  const add = (what: string, r: string, g: string) => rows.push([what, r, g]);
  const realPerPerson = summary(real.papersPerPerson, true);
  const genPerPerson = summary(gen.papersPerPerson, true);
  const realAbstracts = histogram(real.abstractLengths);
  add('papers', String(real.papers), String(gen.papers));
  add('people (with a paper)', String(real.people), String(gen.papersPerPerson.slice(1).reduce((a, b) => a + (b ?? 0), 0)));
  add('author links', String(real.authorships), String(gen.authorships));
  add('people per paper', (real.people / real.papers).toFixed(3), (gen.people / gen.papers).toFixed(3));
  add('authors per paper', dist(summary(histogram(real.authorsPerPaper))), dist(summary(gen.authorsPerPaper)));
  add('papers per person', dist(realPerPerson), dist(genPerPerson));
  add('people with 1 paper', pct((real.papersPerPerson[1] ?? 0) / realPerPerson.n), pct((gen.papersPerPerson[1] ?? 0) / genPerPerson.n));
  add('people with explicit id (not homonyms)', pct(real.explicitIdShare), pct(gen.explicitIdShare));
  add('people sharing a name (homonyms)', pct(real.homonymShare), pct(gen.homonymShare));
  add('people with name variants', pct(real.variantShare), pct(gen.variantShare));
  add('  their papers written in a variant', pct(real.variantUse), pct(gen.variantUse));
  add('author links with id=', pct(real.authorshipIdShare), pct(gen.authorshipIdShare));
  add('papers without abstract', pct((realAbstracts[0] ?? 0) / real.papers), pct((gen.abstractLengths[0] ?? 0) / gen.papers));
  add('abstract length (chars, if any)', dist(summary(realAbstracts, true)), dist(summary(gen.abstractLengths, true)));
  add('volumes per collection (venue-year)', dist(summary(histogram(real.volumesPerCollection))), dist(summary(gen.volumesPerCollection)));
  add('papers per volume', dist(summary(histogram(real.papersPerVolume))), dist(summary(gen.papersPerVolume)));
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['', 'real corpus', 'generated'][i]!.length));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [line(['', 'real corpus', 'generated']), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
