// dblp records the identity tests share (test/import/dblp-identity.test.ts,
// test/import/openalex-identity.test.ts, test/coauthor-pair.test.ts), and a dump around them.

/**
 * The dblp record of the Anthology paper 2020.inlg-1.19 (DOI 10.18653/v1/2020.inlg-1.19) and
 * of its proceedings, as kasnerz/reffix reproduces them in its test fixture
 * (tests/test_reffix.py, DBLP_XML_FIXTURE; keys, names, DOI and links are dblp's).
 */
export const DUSEK_KASNER_2020 = `<inproceedings mdate="2023-05-02" key="conf/inlg/DusekK20">
<author>Ondrej Dusek</author>
<author>Zdenek Kasner</author>
<title>Evaluating Semantic Accuracy of Data-to-Text Generation with <i>Natural Language Inference</i>.</title>
<pages>131-137</pages>
<year>2020</year>
<crossref>conf/inlg/2020</crossref>
<booktitle>INLG</booktitle>
<ee>https://aclanthology.org/2020.inlg-1.19/</ee>
<ee>https://doi.org/10.18653/v1/2020.inlg-1.19</ee>
</inproceedings>`;

export const INLG_2020 = `<proceedings mdate="2022-01-01" key="conf/inlg/2020">
<editor>Brian Davis</editor>
<title>Proceedings of the 13th International Conference on Natural Language Generation, INLG 2020</title>
<publisher>Association for Computational Linguistics</publisher>
<year>2020</year>
</proceedings>`;

/**
 * Written for these tests (no sample shares an ORCID with the Anthology): a dblp person record,
 * in dblp's shape, whose <url> is the ORCID the Anthology prints for Seongho Choi in 2022.mml
 * (<author orcid="0000-0002-7553-6761">). The rule under test is the link, not the record.
 */
export const CHOI = `<www mdate="2024-01-01" key="homepages/00/0000">
<author>Seongho Choi</author>
<title>Home Page</title>
<url>https://orcid.org/0000-0002-7553-6761</url>
</www>`;

/** A dblp dump (ISO-8859-1, with dblp's DOCTYPE) of these records. */
export const dblpDump = (...records: string[]): string =>
  `<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE dblp SYSTEM "dblp.dtd">\n<dblp>\n${records.join('\n')}\n</dblp>\n`;
