// Static hosting and workshops (issue 9), end to end on the release bundle served under a
// sub-path: the app loads and runs a lesson at /workshop/podlab/, keeps working offline after one
// visit (service worker), tells the learner about a new release, share links reproduce the editor
// and the playhead, bad links change nothing, presenter mode has a URL flag, and an instructor's
// lesson folder is checked before it is built. A link pasted into an open page opens there; a
// deflate bomb is refused quickly.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { deflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { TWO_INITS, applyAndPause, distDir, launch, openApp, problems, repo, serve, typeInEditor } from './harness.mjs';

const PREFIX = '/workshop/podlab/';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Waits until the service worker controls the page (first visit: after it activated and claimed). */
const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });

/** Every localStorage entry, to compare before and after. */
const storage = (page) => page.evaluate(() => Object.fromEntries(Object.keys(localStorage).sort().map((k) => [k, localStorage.getItem(k)])));

/** Applies `yaml`, pauses at `secs` and returns the clock's reading there. */
async function runPausedAt(page, yaml, secs) {
  await applyAndPause(page, yaml, secs);
  return page.getByTestId('clock').textContent();
}

/** Serves the release dist/ under PREFIX for one test. */
async function withServer(fn) {
  const server = await serve(distDir(), PREFIX);
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

/** A copy of dist/ that a test may change (a "new release"). */
function distCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'podlab-dist-'));
  cpSync(distDir(), dir, { recursive: true });
  return dir;
}

test('under /workshop/podlab/ the app runs a lesson, and after one visit it reloads and runs with the server stopped', async () => {
  const server = await serve(distDir(), PREFIX);
  const page = await openApp(browser, server.url);
  await page.getByTestId('lesson').getByRole('heading').first().waitFor();
  // The lesson's example is in the editor: run it.
  await page.getByTestId('apply').click();
  await page.getByTestId('pod-row').first().waitFor();
  await controlled(page);
  assert.deepEqual(server.requests.filter((p) => !p.startsWith(PREFIX)), [], 'every request stays under the sub-path');
  assert.ok(server.requests.includes(`${PREFIX}sw.js`), 'the worker is fetched relative to the app');
  const sw = readFileSync(join(distDir(), 'sw.js'), 'utf8');
  assert.match(sw, /const ASSETS = \[".*_bg\.wasm"/, 'the build wrote its hashed files into sw.js');

  await server.close();
  const offlineCount = server.requests.length;
  await page.reload();
  await page.getByTestId('editor').waitFor({ timeout: 30_000 });
  await page.getByTestId('lesson').getByRole('heading').first().waitFor();
  await page.getByTestId('apply').click();
  await page.getByTestId('pod-row').first().waitFor();
  assert.equal(server.requests.length, offlineCount, 'nothing reached the (stopped) server');
  // A new tab of the same browser profile, with presenter mode, also opens offline.
  const other = await page.context().newPage();
  await other.goto(`${server.url}?present`);
  await other.getByTestId('editor').waitFor({ timeout: 30_000 });
  assert.equal(await other.evaluate(() => document.documentElement.dataset.presenter), 'on');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a new release replaces the old cache and the learner is told a new version is available', async () => {
  const dir = distCopy();
  const server = await serve(dir, PREFIX);
  try {
    const page = await openApp(browser, server.url);
    await controlled(page);
    const before = await page.evaluate(() => caches.keys());
    assert.equal(before.filter((k) => k.startsWith('podlab-')).length, 1, before.join());
    // "Deploy" a new release: a byte-different sw.js with a new version.
    const file = join(dir, 'sw.js');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/const VERSION = "([0-9a-f]+)";/, 'const VERSION = "0000$1";'));
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await page.getByTestId('update-banner').getByText(/A new version of podlab is available/).waitFor({ timeout: 30_000 });
    // The controller changes when the new worker starts activating; its activate step then
    // deletes the old cache: wait for exactly the new one.
    let afterKeys = [];
    for (let i = 0; i < 100; i++) {
      afterKeys = (await page.evaluate(() => caches.keys())).filter((k) => k.startsWith('podlab-'));
      if (afterKeys.length === 1 && afterKeys[0].startsWith('podlab-0000')) break;
      await page.waitForTimeout(100);
    }
    assert.equal(afterKeys.length, 1, afterKeys.join());
    assert.notDeepEqual(afterKeys, before.filter((k) => k.startsWith('podlab-')), 'the old cache is gone');
    assert.match(afterKeys[0], /^podlab-0000/);
    assert.deepEqual(await problems(page), []);
    await page.context().close();
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a share link reproduces the editor text and the playhead time, and keeps the opener\'s own draft', async () => withServer(async (server) => {
  const page = await openApp(browser, server.url);
  const clock = await runPausedAt(page, TWO_INITS, 4.5);
  const status = await page.getByTestId('pod-status').first().textContent();
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  assert.ok(link.startsWith(`${server.url}#v1:`), link);
  assert.ok(link.length < TWO_INITS.length + server.url.length, `compressed: ${link.length} chars`);

  // Another learner, with a draft of their own, opens the link.
  const other = await openApp(browser, server.url);
  await typeInEditor(other, 'kind: Pod\n# my own draft\n');
  await other.waitForTimeout(500); // the draft is saved after a typing pause
  // A page load of the link (a new tab, or typing it in): the fragment-only change of an open
  // page is the next test's case.
  await other.goto('about:blank');
  await other.goto(link);
  await other.getByTestId('editor').waitFor();
  assert.equal(await other.getByTestId('editor').inputValue(), TWO_INITS);
  await other.getByTestId('pod-row').first().waitFor();
  assert.equal(await other.getByTestId('clock').textContent(), clock);
  assert.equal(await other.getByTestId('pod-status').first().textContent(), status);
  await other.getByTestId('link-banner').getByText(/Your own draft is kept/).waitFor();
  await other.getByTestId('restore-draft').click();
  assert.equal(await other.getByTestId('editor').inputValue(), 'kind: Pod\n# my own draft\n');
  assert.deepEqual(await problems(other), []);
  await page.context().close();
  await other.context().close();
}));

test('a share link opens the lesson it was made on', async () => withServer(async (server) => {
  const page = await openApp(browser, `${server.url}#/lesson/03-separate-images`);
  const title = await page.getByTestId('lesson').locator('h1').textContent();
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  // A fresh browser profile opens it: the link names the lesson, so that lesson opens and the
  // address becomes its route (a reload stays on it).
  const other = await openApp(browser, link);
  await other.getByTestId('lesson').locator('h1').waitFor();
  assert.equal(await other.getByTestId('lesson').locator('h1').textContent(), title);
  assert.ok(other.url().endsWith('#/lesson/03-separate-images'), other.url());
  assert.deepEqual(await problems(other), []);
  await page.context().close();
  await other.context().close();
}));

test('a corrupted, future-version or too-long link shows a message and leaves saved work intact', async () => withServer(async (server) => {
  const page = await openApp(browser, server.url);
  await typeInEditor(page, 'kind: Pod\n# my saved work\n');
  await page.waitForTimeout(500);
  const saved = await storage(page);
  assert.ok(JSON.stringify(saved).includes('my saved work'), 'the draft was saved');
  const cases = [
    ['#v1:!!!not-base64!!!', /Could not read the shared link \(invalid encoding\)/],
    ['#v1:', /Could not read the shared link/],
    ['#v1:AAAAAAAAAAAA', /Could not read the shared link/],
    ['#v9:abcd', /made by a newer podlab/],
    [`#v1:${'A'.repeat(40_000)}`, /longer than any podlab link/],
  ];
  for (const [frag, msg] of cases) {
    await page.goto(`${server.url}${frag}`);
    await page.reload();
    await page.getByTestId('editor').waitFor();
    await page.getByTestId('link-banner').getByText(msg).waitFor();
    assert.equal(await page.getByTestId('editor').inputValue(), 'kind: Pod\n# my saved work\n', frag.slice(0, 20));
    assert.deepEqual(await storage(page), saved, `storage untouched by ${frag.slice(0, 20)}`);
  }
  assert.deepEqual(await problems(page), []);
  await page.context().close();
}));

test('a share link pasted into the address bar of the open page opens there; a second link keeps the first draft', async () => withServer(async (server) => {
  const page = await openApp(browser, `${server.url}#/lesson/03-separate-images`);
  const title = await page.getByTestId('lesson').locator('h1').textContent();
  const clock = await runPausedAt(page, TWO_INITS, 4.5);
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  const second = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: second\n';
  await typeInEditor(page, second);
  await page.getByTestId('share').click();
  const link2 = await page.getByTestId('share-link').inputValue();
  await page.context().close();

  // A learner on another lesson, with a draft of their own, pastes the link: only the
  // fragment changes, so the page is not reloaded.
  const other = await openApp(browser, server.url);
  await typeInEditor(other, 'kind: Pod\n# my own draft\n');
  await other.waitForTimeout(500);
  await other.evaluate(() => { window.__notReloaded = true; });
  await other.evaluate((h) => { location.hash = h; }, link.slice(link.indexOf('#')));
  await other.getByTestId('link-banner').getByText(/Your own draft is kept/).waitFor();
  assert.equal(await other.evaluate(() => window.__notReloaded), true, 'the page was reloaded');
  assert.equal(await other.getByTestId('editor').inputValue(), TWO_INITS);
  assert.equal(await other.getByTestId('clock').textContent(), clock);
  await other.getByTestId('lesson').locator('h1').getByText(title).waitFor();
  assert.ok(other.url().endsWith('#/lesson/03-separate-images'), other.url());
  // A second link over the first one's text: "Back to my draft" still brings back the
  // learner's own draft, not the first link's manifest.
  await other.evaluate((h) => { location.hash = h; }, link2.slice(link2.indexOf('#')));
  await other.waitForFunction((t) => document.querySelector('[data-testid=editor]').value === t, second);
  await other.getByTestId('restore-draft').click();
  assert.equal(await other.getByTestId('editor').inputValue(), 'kind: Pod\n# my own draft\n');
  assert.deepEqual(await problems(other), []);
  await other.context().close();
}));

test('a deflate bomb in a link is refused quickly, with the size message', async () => withServer(async (server) => {
  // reliability.md §8 G: 20 MB of `a` packs to ~20 KB, small enough to pass the length check.
  const packed = deflateRawSync(Buffer.alloc(20_000_000, 'a'), { level: 9 });
  const link = `${server.url}#v1:${packed.toString('base64url')}`;
  const page = await openApp(browser, link);
  await page.getByTestId('link-banner').getByText(/larger than 64 KiB/).waitFor();
  const decodeMs = await page.evaluate(() => performance.getEntriesByName('podlab:decode-link').at(-1)?.duration);
  console.log(`deflate bomb (${packed.length} bytes packed, 20 MB inflated): refused in ${decodeMs} ms (budget 5 ms)`);
  // A gross-overrun check (the number above is the measurement): an unbounded inflate of
  // 20 MB takes far longer and allocates it all.
  assert.ok(decodeMs < 50, `decoding the bomb took ${decodeMs} ms`);
  assert.equal(await page.getByTestId('pod-row').count(), 0);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
}));

test('a link that was being opened when podlab stopped opens in safe mode: loaded, not run', async () => withServer(async (server) => {
  const page = await openApp(browser, server.url);
  await typeInEditor(page, TWO_INITS);
  await page.getByTestId('apply').click();
  await page.getByTestId('pod-row').first().waitFor();
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  await page.context().close();
  // The marker a crashed attempt leaves behind (it is cleared after a good render).
  const crashed = await openApp(browser, link, { init: () => sessionStorage.setItem('podlab:pending-link', '1') });
  await crashed.getByTestId('link-banner').getByText(/safe mode/).waitFor();
  assert.equal(await crashed.getByTestId('editor').inputValue(), TWO_INITS);
  assert.equal(await crashed.getByTestId('pod-row').count(), 0, 'nothing ran');
  await crashed.context().close();
  // Without the marker the same link runs, and the marker is gone after the first render.
  const fine = await openApp(browser, link);
  await fine.getByTestId('pod-row').first().waitFor();
  await fine.waitForFunction(() => sessionStorage.getItem('podlab:pending-link') === null);
  await fine.context().close();
}));

test('an instructor\'s lesson folder is linted and listed before a workshop build; a broken one stops it', () => {
  const script = join(repo, 'scripts/workshop-dist.sh');
  const out = execFileSync(script, ['--check', 'tests/fixtures/workshop'], { cwd: repo, encoding: 'utf8' });
  assert.match(out, /2 lessons, 2 examples/);
  assert.match(out, /^hello-init\tWorkshop day\tHello, init container$/m);
  assert.match(out, /^two-in-a-row\tWorkshop day\tTwo in a row$/m);
  assert.doesNotMatch(out, /01-mental-model/, 'the default course is not in a workshop build');
  assert.throws(() => execFileSync(script, ['--check', 'tests/fixtures/workshop-broken'], { cwd: repo, encoding: 'utf8', stdio: 'pipe' }),
    (e) => e.status !== 0 && /missing\.md/.test(`${e.stdout}${e.stderr}`));
});

// The full instructor path, as docs/hosting.md tells it: build the folder into its own dist/
// (a release wasm build with the lessons embedded: about 2-3 minutes on a 2-core machine), serve
// it under a sub-path, and run a workshop lesson. PODLAB_E2E_SKIP_WORKSHOP_BUILD=1 skips it
// while iterating locally; `make test` and CI run it.
const skipWorkshopBuild = process.env.PODLAB_E2E_SKIP_WORKSHOP_BUILD === '1' ? 'PODLAB_E2E_SKIP_WORKSHOP_BUILD=1' : false;
test('a workshop build serves the instructor\'s lessons, and only those, and runs them', { skip: skipWorkshopBuild, timeout: 20 * 60_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'podlab-workshop-'));
  let server;
  try {
    execFileSync(join(repo, 'scripts/workshop-dist.sh'), ['tests/fixtures/workshop', out], { cwd: repo, stdio: 'pipe' });
    server = await serve(out, '/ws/');
    const page = await openApp(browser, server.url);
    const lesson = page.getByTestId('lesson');
    await lesson.locator('h1').getByText('Hello, init container').waitFor();
    await page.getByTestId('lesson-nav').getByText('Lesson 1 of 2').waitFor();
    // Its example runs on the simulated node and does what the lesson says.
    await lesson.getByTestId('example-run').first().click();
    await page.getByTestId('pod-row').first().waitFor();
    await page.getByTestId('speed').selectOption({ label: '60×' });
    await page.getByTestId('play').click().catch(() => {});
    await page.getByTestId('pod-status').getByText('Running').waitFor({ timeout: 20_000 });
    const input = page.getByTestId('console-input');
    await input.fill('kubectl logs hello -c greet');
    await input.press('Enter');
    await page.getByTestId('console-output').getByText(/^workshop-hello$/m).waitFor();
    // The default course is not in it.
    await page.goto(`${server.url}#/lesson/01-mental-model`);
    await page.getByText(/There is no lesson called "01-mental-model"/).waitFor();
    assert.deepEqual(await problems(page), []);
    await page.context().close();
  } finally {
    await server?.close();
    rmSync(out, { recursive: true, force: true });
  }
});
