// Jest's globalSetup runs outside its TypeScript transform, so load the TS code with tsx.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { prepareTestServer } = await tsImport('./postgres.ts', import.meta.url);
  await prepareTestServer();
}
