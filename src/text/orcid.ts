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
