// BibTeX of a whole volume and of a venue-year (issue 15.10), as the Anthology's
// create_bibtex.py writes `volumes/{id}.bib`: every paper's `to_bibtex()` printed one
// after another, the frontmatter's @proceedings entry first; with abstracts as its
// `anthology+abstracts.bib` (`to_bibtex(with_abstract=True)`: `abstract` the last field).
// Expected text written by hand from xml/R17.xml, volume 2 (frontmatter and 7 papers) and
// volume 1 (RANLP 2017 main: frontmatter and 107 papers).
import { Kind, type OperationDefinitionNode, parse } from 'graphql';
import { DEFAULT_MAX_COST, EXPENSIVE_FIELDS, queryCost } from '../src/http/limits.js';
import { schema } from '../src/schema/index.js';
import { databaseWithCollections } from './helpers/corpus.js';
import type { TestDatabase } from './helpers/database.js';
import { createTestClient, type TestClient } from './helpers/graphql.js';

let t: TestDatabase;
let client: TestClient;
beforeAll(async () => {
  t = await databaseWithCollections(['R17']);
  client = createTestClient(t.db);
});
afterAll(() => t.drop());

const EDITORS = `    editor = "Kovatchev, Venelin  and
      Temnikova, Irina  and
      Gencheva, Pepa  and
      Kiprov, Yasen  and
      Nikolova, Ivelina",`;
const BOOKTITLE = 'Proceedings of the Student Research Workshop Associated with {RANLP} 2017';

const FRONTMATTER = `@proceedings{ranlp-2017-student,
    title = "${BOOKTITLE}",
${EDITORS}
    month = sep,
    year = "2017",
    address = "Varna",
    publisher = "INCOMA Ltd.",
    url = "https://aclanthology.org/R17-2000/",
    doi = "10.26615/issn.1314-9156.2017_",
}`;

const paper = (key: string, n: number, title: string, author: string, pages: string, abstract?: string) =>
  `@inproceedings{${key},
    title = "${title}",
    author = "${author}",
${EDITORS}
    booktitle = "${BOOKTITLE}",
    month = sep,
    year = "2017",
    address = "Varna",
    publisher = "INCOMA Ltd.",
    url = "https://aclanthology.org/R17-200${n}/",
    doi = "10.26615/issn.1314-9156.2017_00${n}",
    pages = "${pages}",${abstract ? `\n    abstract = "${abstract}",` : ''}
}`;

const ABSTRACT_1 =
  'The present paper considers the problem of dietary conflict detection from dish titles. The proposed method explores the semantics associated with the dish title in order to discover a certain or possible incompatibility of a particular dish with a particular diet. Dish titles are parts of the elusive and metaphoric gastronomy language, their processing can be viewed as a combination of short text and domain-specific texts analysis. We build our algorithm on the basis of a common knowledge lexical semantic network and show how such network can be used for domain specific short text processing.';
const ABSTRACT_5 =
  'A multi-document summarizer finds the key topics from multiple textual sources and organizes information around them. In this paper we propose a summarization method for Persian text using paragraph vectors that can represent textual units of arbitrary lengths. We use these vectors to calculate the semantic relatedness between documents, cluster them to a number of predetermined groups, weight them based on their distance to the centroids and the intra-cluster homogeneity and take out the key paragraphs. We compare the final summaries with the gold-standard summaries of 21 digital topics using the ROUGE evaluation metric. Experimental results show the advantages of using paragraph vectors over earlier attempts at developing similar methods for a low resource language like Persian.';

const keysOf = (bib: string) => [...bib.matchAll(/^@(\w+)\{([^,]+),$/gm)].map((m) => `${m[1]}:${m[2]}`);

test('Volume.bibtex of R17-2: the frontmatter, then each paper in order, one entry after another', async () => {
  const r = await client.query<{ volume: { bibtex: string } }>(`{ volume(anthologyId: "R17-2") { bibtex } }`);
  expect(r.errors).toBeUndefined();
  const bib = r.data!.volume.bibtex;
  expect(
    bib.startsWith(
      `${FRONTMATTER}\n${paper('clairet-2017-dish', 1, 'Dish Classification using Knowledge based Dietary Conflict Detection', 'Clairet, Nadia', '1--9')}\n`,
    ),
  ).toBe(true);
  expect(bib).toContain(
    `\n${paper('rohanian-2017-multi', 5, 'Multi-Document Summarization of {P}ersian Text using Paragraph Vectors', 'Rohanian, Morteza', '35--40')}\n`,
  );
  expect(keysOf(bib)).toEqual([
    'proceedings:ranlp-2017-student',
    'inproceedings:clairet-2017-dish',
    'inproceedings:daudert-2017-analysing',
    'inproceedings:jwalapuram-2017-evaluating',
    'inproceedings:popov-2017-word',
    'inproceedings:rohanian-2017-multi',
    'inproceedings:simeonova-2017-gradient',
    'inproceedings:tran-2017-applying',
  ]);
  // No blank line between entries; the file ends with one newline.
  expect(bib).not.toContain('\n\n');
  expect(bib.endsWith('}\n')).toBe(true);
  expect(bib).not.toContain('abstract =');
});

test('Volume.bibtex(abstracts: true): each paper’s abstract as its last field; the frontmatter has none', async () => {
  const r = await client.query<{ volume: { bibtex: string } }>(`{ volume(anthologyId: "R17-2") { bibtex(abstracts: true) } }`);
  expect(r.errors).toBeUndefined();
  const bib = r.data!.volume.bibtex;
  expect(bib.startsWith(`${FRONTMATTER}\n`)).toBe(true);
  expect(bib).toContain(
    `\n${paper('clairet-2017-dish', 1, 'Dish Classification using Knowledge based Dietary Conflict Detection', 'Clairet, Nadia', '1--9', ABSTRACT_1)}\n`,
  );
  expect(bib).toContain(
    `\n${paper('rohanian-2017-multi', 5, 'Multi-Document Summarization of {P}ersian Text using Paragraph Vectors', 'Rohanian, Morteza', '35--40', ABSTRACT_5)}\n`,
  );
  expect((bib.match(/^ {4}abstract = /gm) ?? []).length).toBe(7);
});

test('Paper.bibtex(abstract: true) adds the abstract; the default stays without it', async () => {
  const r = await client.query<{ paper: { plain: string; full: string } }>(
    `{ paper(by: { anthologyId: "R17-2005" }) { plain: bibtex full: bibtex(abstract: true) } }`,
  );
  expect(r.errors).toBeUndefined();
  const title = 'Multi-Document Summarization of {P}ersian Text using Paragraph Vectors';
  expect(r.data!.paper.plain).toBe(paper('rohanian-2017-multi', 5, title, 'Rohanian, Morteza', '35--40'));
  expect(r.data!.paper.full).toBe(paper('rohanian-2017-multi', 5, title, 'Rohanian, Morteza', '35--40', ABSTRACT_5));
});

test('Venue.bibtex(year:): the venue’s volumes of that year, one file; another year is empty', async () => {
  const { result, statements } = await client.countStatements(() =>
    client.query<{ venue: { y2017: string; y2016: string }; r1: { bibtex: string }; r2: { bibtex: string } }>(
      `{ venue(slug: "ranlp") { y2017: bibtex(year: 2017) y2016: bibtex(year: 2016) } }`,
    ),
  );
  expect(result.errors).toBeUndefined();
  const volumes = await client.query<{ r1: { bibtex: string }; r2: { bibtex: string } }>(
    `{ r1: volume(anthologyId: "R17-1") { bibtex } r2: volume(anthologyId: "R17-2") { bibtex } }`,
  );
  const { r1, r2 } = volumes.data!;
  // R17.xml: volume 1 has a frontmatter and 107 papers.
  expect(keysOf(r1.bibtex)).toHaveLength(108);
  expect(keysOf(r1.bibtex)[0]).toBe('proceedings:ranlp-2017-international');
  expect(result.data!.venue.y2017).toBe(r1.bibtex + r2.bibtex);
  expect(result.data!.venue.y2016).toBe('');
  // venue; its volumes; their papers; authorships, volumes and editors: whatever the number of papers.
  expect(statements.length).toBeLessThanOrEqual(6);
});

test('bad input is typed: a year that is no Int', async () => {
  const r = await client.query(`{ venue(slug: "ranlp") { bibtex(year: "2017") } }`);
  expect(r.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
});

test('a volume’s and a venue-year’s BibTeX are priced by the cost limit: a page of volumes’ files is refused', () => {
  const cost = (query: string) => {
    const document = parse(query);
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
    return queryCost(schema, document, operation, {});
  };
  expect(cost(`{ volume(anthologyId: "R17-2") { bibtex } }`)).toBe(1 + EXPENSIVE_FIELDS['Volume.bibtex']!);
  expect(cost(`{ venue(slug: "ranlp") { bibtex(year: 2017) } }`)).toBe(1 + EXPENSIVE_FIELDS['Venue.bibtex']!);
  expect(cost(`{ venues(first: 100) { edges { node { volumesConnection(first: 100) { edges { node { bibtex } } } } } } }`)).toBeGreaterThan(
    DEFAULT_MAX_COST,
  );
});
