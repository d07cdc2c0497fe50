// OpenAlex ids: a letter for the entity (W work, A author, S source, V 2022's venue, I
// institution, P publisher) and digits, given bare (`W2100301546`) or as the entity's URL
// (`https://openalex.org/W2100301546`, the form the API returns); "the OpenAlex ID is
// case-insensitive" (https://docs.openalex.org/how-to-use-the-api/get-single-entities).
const OPENALEX_ID = /^(?:https?:\/\/(?:api\.)?openalex\.org\/(?:works\/|authors\/)?)?([WASVIP]\d+)$/i;

/** The bare id (`W2100301546`, letter upper-case) of an id or its URL, of kind `kind` if given; else null. */
export function openalexIdOf(value: string, kind?: 'W' | 'A' | 'S' | 'V' | 'I' | 'P'): string | null {
  const id = OPENALEX_ID.exec(value.trim())?.[1]?.toUpperCase() ?? null;
  return id && (!kind || id.startsWith(kind)) ? id : null;
}
