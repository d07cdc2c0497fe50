import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/db/local.js';
import { toPlainText } from '../../src/text/markup.js';
import { slugify } from '../../src/text/slugify.js';

test('slugify matches python-slugify on the tricky cases', () => {
  const fixture = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/slugify-cases.json'), 'utf8')) as {
    cases: { name: string; python: string }[];
  };
  for (const c of fixture.cases) expect([c.name, slugify(c.name)]).toEqual([c.name, c.python]);
});

test('markup to text', () => {
  const m =
    '<fixed-case>T</fixed-case>el<fixed-case>ME</fixed-case>: a &lt;b&gt; <tex-math>x^2</tex-math> <i>it</i> <url>https://x.org/a?b=1&amp;c=2</url>';
  expect(toPlainText(m)).toBe('TelME: a <b> x^2 it https://x.org/a?b=1&c=2');
});
