// Prints the persisted documents manifest (src/examples/persisted-documents.ts):
//   npm run -s persisted:print > persisted-documents.json
import { printManifest } from '../src/examples/persisted-documents.js';

process.stdout.write(printManifest());
