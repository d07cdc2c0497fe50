// ORCID iDs: the one pattern (the Anthology library's RE_ORCID,
// python/acl_anthology/constants.py) and the check digit (ISO 7064 mod 11-2, as ORCID
// documents it: "Structure of the ORCID Identifier", generateCheckDigit).
export const ORCID_PATTERN = /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/;

/** The check character an iD of ORCID_PATTERN's shape must end with. */
export function orcidCheckDigit(orcid: string): string {
  const digits = orcid.replace(/-/g, '');
  let total = 0;
  for (const d of digits.slice(0, 15)) total = (total + Number(d)) * 2;
  const check = (12 - (total % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** ORCID's own form of an iD is its https URI ("ORCID iD display guidelines"); http and `www.` are seen too. */
const ORCID_URI = /^https?:\/\/(www\.)?orcid\.org\//i;

/**
 * The bare iD (`0000-0002-1825-0097`, the form the Anthology prints) in `input`, an iD or
 * its orcid.org URI with a check character in either case; null when it does not have an
 * iD's shape. The check digit is not checked (see orcidOf).
 */
export function orcidFormOf(input: string): string | null {
  const orcid = input.replace(ORCID_URI, '').replace(/x$/, 'X');
  return ORCID_PATTERN.test(orcid) ? orcid : null;
}

/** orcidFormOf, and null also when the check digit is wrong: an ORCID iD. */
export function orcidOf(input: string): string | null {
  const orcid = orcidFormOf(input);
  return orcid !== null && orcid.at(-1) === orcidCheckDigit(orcid) ? orcid : null;
}
