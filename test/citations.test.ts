// Citation formats. Unit tests of the pure formatters on records built by hand from
// the Anthology's XML, then the GraphQL fields on real imported collections (R17, Q17).
import { formatBibtex, latexEncode, markupToLatex } from '../src/citations/bibtex.js';
import { cslItem } from '../src/citations/csl.js';
import { type CitationRecord, monthNumber, parseJournalTitle } from '../src/citations/record.js';
import { formatRis } from '../src/citations/ris.js';
import { databaseWithCollections } from './helpers/corpus.js';
import type { TestDatabase } from './helpers/database.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';

// xml/R17.xml, volume 1 and paper 36, by hand.
const R17_1036: CitationRecord = {
  key: 'gao-huang-2017-detecting',
  anthologyId: 'R17-1036',
  kind: 'inproceedings',
  titleMarkup: 'Detecting Online Hate Speech Using Context Aware Models',
  title: 'Detecting Online Hate Speech Using Context Aware Models',
  authors: [
    { first: 'Lei', last: 'Gao' },
    { first: 'Ruihong', last: 'Huang' },
  ],
  editors: [
    { first: 'Ruslan', last: 'Mitkov' },
    { first: 'Galia', last: 'Angelova' },
  ],
  containerMarkup:
    'Proceedings of the International Conference Recent Advances in Natural Language Processing, <fixed-case>RANLP</fixed-case> 2017',
  container: 'Proceedings of the International Conference Recent Advances in Natural Language Processing, RANLP 2017',
  journal: null,
  journalVolume: null,
  journalNumber: null,
  year: 2017,
  month: 9,
  address: 'Varna, Bulgaria',
  publisher: 'INCOMA Ltd.',
  url: 'https://aclanthology.org/R17-1036/',
  doi: '10.26615/978-954-452-049-6_036',
  pages: '260–266',
  abstract: null,
  abstractMarkup: null,
  language: null,
};

const R17_1036_BIBTEX = `@inproceedings{gao-huang-2017-detecting,
    title = "Detecting Online Hate Speech Using Context Aware Models",
    author = "Gao, Lei  and
      Huang, Ruihong",
    editor = "Mitkov, Ruslan  and
      Angelova, Galia",
    booktitle = "Proceedings of the International Conference Recent Advances in Natural Language Processing, {RANLP} 2017",
    month = sep,
    year = "2017",
    address = "Varna, Bulgaria",
    publisher = "INCOMA Ltd.",
    url = "https://aclanthology.org/R17-1036/",
    doi = "10.26615/978-954-452-049-6_036",
    pages = "260--266",
}`;

describe('pure formatters', () => {
  test('BibTeX of R17-1036, as the Anthology prints it', () => {
    expect(formatBibtex(R17_1036)).toBe(R17_1036_BIBTEX);
  });

  test('fixed-case parts are braced, specials and accents LaTeX-escaped', () => {
    // xml/R17.xml paper 6's title.
    expect(
      markupToLatex(
        '<fixed-case>P</fixed-case>ersian-<fixed-case>S</fixed-case>panish Low-Resource Statistical Machine Translation Through <fixed-case>E</fixed-case>nglish as Pivot Language',
      ),
    ).toBe('{P}ersian-{S}panish Low-Resource Statistical Machine Translation Through {E}nglish as Pivot Language');
    expect(markupToLatex('<fixed-case>T</fixed-case>el<fixed-case>ME</fixed-case>: Q&amp;A at 50% <tex-math>\\alpha_1</tex-math>')).toBe(
      '{T}el{ME}: Q{\\&}A at 50{\\%} $\\alpha_1$',
    );
    expect(latexEncode('Lluís Màrquez')).toBe("Llu{\\'\\i}s M{\\`a}rquez");
    expect(latexEncode('Barrón-Cedeño, Alberto')).toBe("Barr{\\'o}n-Cede{\\~n}o, Alberto");
    expect(latexEncode('say "hi" now')).toBe("say {``}hi{''} now");
    expect(latexEncode('Šnajder_x#')).toBe('{\\v{S}}najder{\\_}x{\\#}');
  });

  test('months, journal titles', () => {
    expect(monthNumber('September')).toBe(9);
    expect(monthNumber('Sept.')).toBe(9);
    expect(monthNumber('7')).toBe(7);
    expect(monthNumber('August-September')).toBe(8);
    expect(monthNumber('Spring')).toBeNull();
    expect(parseJournalTitle('Transactions of the Association for Computational Linguistics, Volume 5')).toEqual({
      journal: 'Transactions of the Association for Computational Linguistics',
      volume: '5',
      number: null,
    });
    expect(parseJournalTitle('Computational Linguistics, Volume 43, Issue 1 - April 2017')).toEqual({
      journal: 'Computational Linguistics',
      volume: '43',
      number: '1',
    });
  });

  test('RIS of R17-1036', () => {
    expect(formatRis(R17_1036)).toBe(
      [
        'TY  - CPAPER',
        'ID  - gao-huang-2017-detecting',
        'TI  - Detecting Online Hate Speech Using Context Aware Models',
        'AU  - Gao, Lei',
        'AU  - Huang, Ruihong',
        'ED  - Mitkov, Ruslan',
        'ED  - Angelova, Galia',
        `T2  - ${R17_1036.container}`,
        'PY  - 2017',
        'DA  - 2017/09',
        'CY  - Varna, Bulgaria',
        'PB  - INCOMA Ltd.',
        'SP  - 260',
        'EP  - 266',
        'DO  - 10.26615/978-954-452-049-6_036',
        'UR  - https://aclanthology.org/R17-1036/',
        'ER  - ',
      ].join('\n'),
    );
  });

  test('CSL-JSON of R17-1036', () => {
    expect(cslItem(R17_1036)).toEqual({
      id: 'gao-huang-2017-detecting',
      type: 'paper-conference',
      title: 'Detecting Online Hate Speech Using Context Aware Models',
      author: [
        { family: 'Gao', given: 'Lei' },
        { family: 'Huang', given: 'Ruihong' },
      ],
      editor: [
        { family: 'Mitkov', given: 'Ruslan' },
        { family: 'Angelova', given: 'Galia' },
      ],
      'container-title': R17_1036.container,
      publisher: 'INCOMA Ltd.',
      'publisher-place': 'Varna, Bulgaria',
      issued: { 'date-parts': [[2017, 9]] },
      page: '260-266',
      DOI: '10.26615/978-954-452-049-6_036',
      URL: 'https://aclanthology.org/R17-1036/',
    });
  });
});

describe('GraphQL fields on imported data', () => {
  let t: TestDatabase;
  let client: TestClient;
  beforeAll(async () => {
    t = await databaseWithCollections(['R17', 'Q17']);
    client = createTestClient(t.db);
  });
  afterAll(() => t.drop());

  test('Paper.bibtex of R17-1036 is exactly the Anthology entry', async () => {
    const result = await client.query<{ paper: { bibtex: string; ris: string; csl: string } }>(
      `{ paper(anthologyId: "R17-1036") { bibtex ris: citation(format: RIS) csl: citation(format: CSL_JSON) } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.paper.bibtex).toBe(R17_1036_BIBTEX);
    expect(result.data!.paper.ris).toBe(formatRis(R17_1036));
    expect(JSON.parse(result.data!.paper.csl)).toEqual(cslItem(R17_1036));
  });

  test('a TACL paper is an @article with journal and volume', async () => {
    const result = await client.query<{ paper: { bibtex: string } }>(`{ paper(anthologyId: "Q17-1001") { bibtex } }`);
    expect(result.errors).toBeUndefined();
    const bib = result.data!.paper.bibtex;
    expect(bib.startsWith('@article{smith-etal-2017-evaluating,\n')).toBe(true);
    expect(bib).toContain('    journal = "Transactions of the Association for Computational Linguistics",\n    volume = "5",\n');
    expect(bib).toContain('    pages = "1--16",\n');
    expect(bib).not.toContain('booktitle');
  });

  test('Author.bibtex: every authored paper, newest first, in a few statements', async () => {
    const { result, statements } = await client.countStatements(() =>
      client.query<{ authors: { edges: { node: { slug: string; paperCount: number; bibtex: string } }[] } }>(
        `{ authors(first: 30) { edges { node { slug paperCount bibtex } } } }`,
      ),
    );
    expect(result.errors).toBeUndefined();
    for (const { node } of result.data!.authors.edges) {
      expect((node.bibtex.match(/^@/gm) ?? []).length).toBe(node.paperCount);
    }
    // authors + count, paper counts, papers, authorships, volumes, editors.
    expect(statements.length).toBeLessThanOrEqual(7);
    const lei = await client.query<{ author: { bibtex: string } }>(`{ author(slug: "lei-gao") { bibtex } }`);
    expect(lei.data!.author.bibtex).toContain(R17_1036_BIBTEX);
  });
});
