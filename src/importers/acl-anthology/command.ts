// Placeholder: the ACL Anthology importer is being written (issue 3).
import type { Database } from '../../db/database.js';

export interface ImportOptions {
  quiet?: boolean;
}

export async function runAclAnthologyImport(_db: Database, dir: string, _options: ImportOptions): Promise<void> {
  throw new Error(`the ACL Anthology importer is not available yet (asked to import ${dir})`);
}
