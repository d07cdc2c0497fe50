// Anthology ids, exactly as the Anthology builds them: `build_id` in its Python library
// (acl-org/acl-anthology, python/acl_anthology/utils/ids.py; cases from
// python/tests/utils/ids_test.py in test/import/ids.test.ts).
//
// - New-style collections (`2022.acl`, the collection id starts with a digit): volume and
//   paper ids are used as written: `2022.acl-long.42`, `2022.acl-long`.
// - Old-style collections (`P18`, before 2020): numbers, zero-padded. The volume takes two
//   digits and the paper two in `W*` collections, in `C69`, and in `D19` from volume 5 on
//   (the EMNLP-IJCNLP 2019 workshops: `D19-5018`); elsewhere the volume takes one digit and
//   the paper three (`P18-1001`).
// The frontmatter is paper "0": `P18-1000`, `2022.acl-long.0`.

/** True for a new-style collection id (`2022.acl`): build_id's `collection_id[0].isdigit()`. */
export function isNewStyle(collectionId: string): boolean {
  const c = collectionId.charCodeAt(0);
  return c >= 0x30 && c <= 0x39;
}

/** The digits of an old-style volume or paper id as a number, or undefined if it has none. */
function number(id: string): number | undefined {
  return /^[0-9]+$/.test(id) ? Number(id) : undefined;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Whether an old-style id gives the volume two digits and the paper two (else one and three). */
function wide(collectionId: string, volume: number): boolean {
  return collectionId.startsWith('W') || collectionId === 'C69' || (collectionId === 'D19' && volume >= 5);
}

/**
 * build_id(collection_id, volume_id, paper_id). Undefined where the library's own
 * int() would fail (an old-style volume or paper id that is not a number).
 */
export function buildId(collectionId: string, volumeId?: string, paperId?: string): string | undefined {
  if (volumeId === undefined) return collectionId;
  if (isNewStyle(collectionId)) {
    return paperId === undefined ? `${collectionId}-${volumeId}` : `${collectionId}-${volumeId}.${paperId}`;
  }
  const volume = number(volumeId);
  if (volume === undefined) return undefined;
  const isWide = wide(collectionId, volume);
  const id = `${collectionId}-${pad(volume, isWide ? 2 : 1)}`;
  if (paperId === undefined) return id;
  const paper = number(paperId);
  if (paper === undefined) return undefined;
  return `${id}${pad(paper, isWide ? 2 : 3)}`;
}
