// GraphiQL in a real browser (Debian's chromium through playwright-core): the page
// served at /graphql loads without a CDN, opens on the author page query and runs it.
//
// The browser is CHROMIUM_PATH (default /usr/bin/chromium). Without one the test is
// skipped, and says so; with CHROMIUM_REQUIRED=1 (CI sets it: .ci/run) a missing
// browser fails the test instead.
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadDemoData } from '../src/demo/demo-data.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { listen, type RunningServer } from './helpers/http-server.js';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const RESULTS_DIR = fileURLToPath(new URL('../test-results', import.meta.url));

const required = ((value) => {
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  throw new Error(`CHROMIUM_REQUIRED must be 1 or 0, not "${value}"`);
})(process.env.CHROMIUM_REQUIRED);
const missing = await access(CHROMIUM, constants.X_OK).then(
  () => null,
  () =>
    `No browser at ${CHROMIUM}: the GraphiQL browser test did not run. Install Debian's chromium ` +
    '(`apt-get install chromium`) or point CHROMIUM_PATH at a Chromium or Chrome binary.',
);
if (missing && !required) console.warn(`SKIPPED: ${missing}`);
const skip = missing != null && !required;

let t: TestDatabase;
let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  if (skip) return;
  if (missing) throw new Error(`${missing} (CHROMIUM_REQUIRED=1: a missing browser is a failure)`);
  t = await createTestDatabase();
  await loadDemoData(t.db);
  server = await listen(t.db);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.drop();
});

/** Runs `fn`; on failure saves a screenshot and names it in the error. */
async function withScreenshot(page: Page, name: string, fn: () => Promise<void>, log: string[]): Promise<void> {
  try {
    await fn();
  } catch (error) {
    await mkdir(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${name}-${Date.now()}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\nscreenshot: ${file}\nbrowser log:\n${log.join('\n')}`, { cause: error });
  }
}

(skip ? test.skip : test)('GraphiQL runs the author page query and shows the result', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const log: string[] = [];
  const offline: string[] = [];
  page.on('console', (m) => log.push(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  // Nothing may come from outside the server: the machine (and CI) may have no network.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(server.origin) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    offline.push(url);
    return route.abort();
  });
  try {
    await withScreenshot(
      page,
      'graphiql-author-page',
      async () => {
        await page.goto(server.url, { waitUntil: 'load' });
        const run = page.locator('.graphiql-execute-button');
        await run.waitFor({ state: 'visible', timeout: 30_000 });
        // The default tab is the author page query with its variables.
        await page.getByText('AuthorPage', { exact: false }).first().waitFor({ timeout: 30_000 });
        const answered = page.waitForResponse((r) => r.url().startsWith(server.url) && r.request().method() === 'POST');
        await run.click();
        // What the server sent: the whole page (the editor below only renders the visible lines).
        const body = (await (await answered).json()) as {
          data?: { author?: { name: string; papers: { edges: { node: { title: string } }[] } } };
        };
        expect(body.data?.author?.name).toBe('Lei Gao');
        const titles = body.data?.author?.papers.edges.map((e) => e.node.title) ?? [];
        expect(titles).toEqual([expect.stringMatching(/^MobiZO/), expect.stringMatching(/^KVPR/), expect.stringMatching(/^Ethos/)]);
        // What the result panel shows.
        const result = page.locator('.graphiql-response');
        await result.getByText('Lei Gao', { exact: false }).first().waitFor({ timeout: 30_000 });
        await result.getByText('MobiZO', { exact: false }).first().waitFor({ timeout: 30_000 });
        const text = (await result.innerText()).replace(/\s+/g, ' '); // Monaco renders no-break spaces
        expect(text).toContain('"name": "Lei Gao"');
        expect(text).toContain('MobiZO');
        expect(offline).toEqual([]);
      },
      log,
    );
    await withScreenshot(
      page,
      'graphiql-example-tabs',
      async () => {
        // The other example tabs: a paper by anthology id, the venues list.
        const run = page.locator('.graphiql-execute-button');
        const result = page.locator('.graphiql-response');
        // The tabs slide in (a layout animation) and a mouse click can land beside them:
        // click the tab's button through the DOM instead, then wait until it is active.
        const openTab = async (title: string) => {
          await page.locator('.graphiql-tab-button', { hasText: title }).dispatchEvent('click');
          await page.locator('.graphiql-tab-active .graphiql-tab-button', { hasText: title }).waitFor({ timeout: 30_000 });
        };
        // GraphiQL 5 takes the operation name of a tab it has just opened from its editor after a
        // debounce; a click before that sends the previous tab's name, which fails in the browser
        // ("Cannot infer operation AuthorPage") without any request. Wait for the editor to show the
        // tab's operation, and, as a person would, run again (at most three times) if the click was
        // still too early.
        const runAndWait = async (operation: string, field: string) => {
          await page.locator('.graphiql-query-editor', { hasText: `query ${operation}` }).waitFor({ timeout: 30_000 });
          for (let attempt = 1; ; attempt++) {
            const answered = page
              .waitForResponse(
                (r) => r.url().startsWith(server.url) && r.request().method() === 'POST' && (r.request().postData() ?? '').includes(field),
                { timeout: 10_000 },
              )
              .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
            await run.click();
            const response = await answered;
            if (!(response instanceof Error)) return (await response.json()) as { data?: Record<string, unknown> };
            const early = await result.getByText('Cannot infer operation', { exact: false }).count();
            if (early === 0 || attempt === 3) throw response;
          }
        };
        await openTab('Paper');
        expect((await runAndWait('Paper', 'paper(by:{anthologyId')).data?.paper).toMatchObject({ anthologyId: '2024.findings-naacl.132' });
        await result.getByText('Rectifying Language Models', { exact: false }).first().waitFor({ timeout: 30_000 });
        await openTab('Venues');
        expect((await runAndWait('Venues', 'venues(first')).data?.venues).toMatchObject({ totalCount: 2 });
        await result.getByText('Empirical Methods', { exact: false }).first().waitFor({ timeout: 30_000 });
        expect(offline).toEqual([]);
      },
      log,
    );
  } finally {
    await context.close();
  }
});
