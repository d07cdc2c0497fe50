// DOIs as users type them: a bare name (`10.18653/v1/2022.acl-long.1`) or a resolver URL
// (`https://doi.org/…`, `http://dx.doi.org/…`). "DOI names are case insensitive, using
// ASCII case folding for comparison of text" (DOI Handbook, 2 Numbering, 2.4 Case
// sensitivity, http://www.doi.org/doi_handbook/2_Numbering.html): lookups compare them with
// ASCII letters folded (src/loaders/lookups.ts), while the stored DOI keeps the case the
// Anthology prints (`10.3115/v1/D14-1001`).
// The `doi:` URI scheme too (J15.xml prints `doi:10.1162/COLI_a_00239`).
const RESOLVER = /^(https?:\/\/(dx\.)?doi\.org\/|doi:)/i;
const DOI_PATTERN = /^10\.\d{4,}\/\S+$/;

/** The DOI name inside `input`, or null when it is not one. */
export function doiOf(input: string): string | null {
  const doi = input.replace(RESOLVER, '');
  return DOI_PATTERN.test(doi) ? doi : null;
}
