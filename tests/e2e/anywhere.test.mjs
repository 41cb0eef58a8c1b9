// podlab anywhere (issue 16), end to end on the release bundle:
// - the single file (scripts/single-file.mjs, `make single`) opened from file:// with the network
//   off runs lesson 1's example to Running, under its CSP, with no request but the file itself;
// - the embed view (`?embed=<lesson>/<example>`, `?embed#v1:…`) under a sub-path runs an example,
//   shows neither the lesson nor the header, leaves the learner's saved work alone, and is what
//   the share dialog's <iframe> snippet points at;
// - the real-cluster bundle of a run carries the manifest and that run's STATUS sequence.
// Screenshots: tests/e2e/out/anywhere-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TWO_INITS, distDir, launch, openApp, problems, repo, serve, shot, typeInEditor } from './harness.mjs';

const PREFIX = '/docs/some/sub/path/';
const LESSON = '01-mental-model';
const EXAMPLE = 'first';
const POD = 'pod-with-init-container';

// Firefox: Debian's firefox-esr driven over WebDriver BiDi (playwright-core's `moz-firefox`
// channel; no patched browser download). Optional: `apt-get install firefox-esr` to run it.
const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Every localStorage entry, to compare before and after. */
const storage = (page) => page.evaluate(() => Object.fromEntries(Object.keys(localStorage).sort().map((k) => [k, localStorage.getItem(k)])));

/** Fastest playback, so a run reaches Running in a second or two of wall time. */
const fast = (page) => page.getByTestId('speed').selectOption({ label: '60×' });

/** Waits until the pod's STATUS cell reads `status`. */
const statusIs = (page, status, timeout = 30_000) => page.waitForFunction(
  ([pod, s]) => [...document.querySelectorAll('[data-testid="pod-row"]')].some((r) => r.textContent.includes(pod)
    && r.querySelector('[data-testid="pod-status"]')?.textContent.trim() === s),
  [POD, status], { timeout },
).catch(async (e) => {
  throw new Error(`${e.message}; rows: ${await page.getByTestId('pods').textContent().catch(() => '?')}`);
});

let single = null;
/** The single file, built from the release dist/ by the same script `make single` runs. */
function singleFile() {
  if (!single) {
    single = join(mkdtempSync(join(tmpdir(), 'podlab-single-')), 'podlab.html');
    execFileSync(process.execPath, [join(repo, 'scripts/single-file.mjs'), distDir(), single], { stdio: 'inherit' });
  }
  return single;
}

test('`make single` builds the release dist/ and writes dist-single/podlab.html with the same script', () => {
  const plan = execFileSync('make', ['-n', '--no-print-directory', 'single'], { cwd: repo, encoding: 'utf8' });
  assert.match(plan, /scripts\/dist\.sh/);
  assert.match(plan, /node scripts\/single-file\.mjs dist dist-single\/podlab\.html/);
});

test('podlab.html opened from file:// with the network off runs lesson 1\'s example to Running', async () => {
  const file = singleFile();
  // The other lessons' first paint is in the file (a page from file:// cannot fetch their files).
  const lessonFiles = readdirSync(distDir()).filter((f) => /^lesson-.*\.html$/.test(f));
  assert.ok(lessonFiles.length >= 10, `dist/ has the other lessons' first paint: ${lessonFiles}`);
  const text = readFileSync(file, 'utf8');
  for (const f of lessonFiles) {
    const slug = /^lesson-(.+)-[0-9a-f]{16}\.html$/.exec(f)[1];
    assert.ok(text.includes(`id="/lesson/${slug}"`), `${slug}'s first paint is in the single file`);
  }
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.setOffline(true);
  const requests = [];
  const aborted = [];
  // Anything that is not the file itself is refused (and remembered).
  await context.route((url) => url.protocol !== 'file:', (route) => { aborted.push(route.request().url()); return route.abort(); });
  const page = await context.newPage();
  page.problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const url = pathToFileURL(file).href;
  await page.goto(url);
  await page.getByTestId('editor').waitFor({ timeout: 30_000 });
  await page.getByTestId('lesson').getByRole('heading').first().waitFor();
  await fast(page);
  await page.getByTestId('example').first().getByTestId('example-run').click();
  await statusIs(page, 'Running');
  await shot(page, 'anywhere-single-file');
  assert.deepEqual(await problems(page), [], 'no page errors, console errors or CSP violations');
  assert.deepEqual(aborted, [], 'nothing tried to reach the network');
  assert.deepEqual([...new Set(requests.map((r) => r.split('#')[0]))], [url], 'the file is the only thing loaded');
  // The CSP is still in force: a <meta> with hashes, no 'unsafe-inline', and an injected inline
  // script is refused.
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  const injected = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = 1';
    document.head.append(s);
    return window.__injected === 1;
  });
  assert.equal(injected, false, 'an injected inline script does not run');
  // Storage: localStorage works from file:// in Chromium, so the draft survives a reload (if it
  // did not, the existing banner would say so).
  const banner = await page.getByTestId('storage-banner').count();
  if (banner === 0) {
    await typeInEditor(page, TWO_INITS);
    await page.waitForTimeout(400); // the draft is saved after the typing pause
    await page.reload();
    await page.getByTestId('editor').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('editor').inputValue(), TWO_INITS, 'the draft survives a reload from file://');
  }
  // No service worker from a file, and Share points nowhere it cannot reach.
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  assert.match(link, /^#v1:/, 'from file:// with no hosted address, the link is the fragment alone');
  await page.getByTestId('share-note').waitFor();
  await context.close();
  const size = statSync(file).size;
  console.log(`single file: ${(size / 1024).toFixed(1)} KiB raw`);
});

test('podlab.html opened from file:// in Firefox runs lesson 1\'s example to Running', { skip: !existsSync(FIREFOX) && `${FIREFOX} is not installed` }, async () => {
  const file = singleFile();
  const tools = process.env.PODLAB_TOOLS || join(process.env.HOME || '/root', '.cache/podlab-tools');
  const { firefox } = createRequire(join(tools, 'node_modules', 'x.js'))('playwright-core');
  const ff = await firefox.launch({ executablePath: FIREFOX, channel: 'moz-firefox', headless: true });
  try {
    const page = await ff.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    const requests = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(file).href;
    await page.goto(url);
    await page.getByTestId('editor').waitFor({ timeout: 60_000 });
    await fast(page);
    await page.getByTestId('example').first().getByTestId('example-run').click();
    await statusIs(page, 'Running');
    // Before the screenshot: Playwright hides the caret with an injected <style>, which this
    // page's CSP rightly refuses (Firefox reports it as a page error).
    assert.deepEqual(errors, []);
    await shot(page, 'anywhere-single-file-firefox');
    // Storage from file:// in Firefox: kept across a reload, or the banner says it is not.
    if (await page.getByTestId('storage-banner').count() === 0) {
      await typeInEditor(page, TWO_INITS);
      await page.waitForTimeout(400);
      await page.reload();
      await page.getByTestId('editor').waitFor({ timeout: 60_000 });
      assert.equal(await page.getByTestId('editor').inputValue(), TWO_INITS, 'the draft survives a reload from file:// in Firefox');
    }
    // (Firefox over BiDi does not report the file:// document itself as a request.)
    assert.deepEqual(requests.filter((r) => !r.startsWith('file:') && !r.startsWith('data:')), [], 'nothing but the file is loaded');
  } finally {
    await ff.close();
  }
});

test('a single file built with PODLAB_HOSTED_URL makes share links and embeds that point at the hosted app', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'podlab-single-')), 'podlab.html');
  execFileSync(process.execPath, [join(repo, 'scripts/single-file.mjs'), distDir(), out], {
    stdio: 'inherit', env: { ...process.env, PODLAB_HOSTED_URL: 'https://example.org/podlab/' },
  });
  const page = await openApp(browser, pathToFileURL(out).href);
  await page.getByTestId('apply').click();
  await page.getByTestId('pod-row').first().waitFor();
  await page.getByTestId('share').click();
  assert.match(await page.getByTestId('share-link').inputValue(), /^https:\/\/example\.org\/podlab\/#v1:/);
  assert.match(await page.getByTestId('share-embed').inputValue(), /^<iframe src="https:\/\/example\.org\/podlab\/\?embed#v1:/);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('the embed view runs an example under a sub-path, shows no lesson or header, and leaves saved work alone', async () => {
  const server = await serve(distDir(), PREFIX);
  try {
    // The learner's own work in the full app first: a draft and progress.
    const app = await openApp(browser, server.url);
    await typeInEditor(app, TWO_INITS);
    await app.getByTestId('apply').click();
    await app.getByTestId('pod-row').first().waitFor();
    await app.waitForTimeout(400);
    const before = await storage(app);
    assert.ok(Object.keys(before).some((k) => k.startsWith('podlab:v1:draft:')), 'the full app saved a draft');

    // The embed, in the same browser profile (same origin, same localStorage).
    const page = await app.context().newPage();
    page.problems = [];
    page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${server.url}?embed=${LESSON}/${EXAMPLE}`);
    await page.getByTestId('embed').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('lesson').count(), 0, 'no lesson column');
    assert.equal(await page.locator('header, .pl-header').count(), 0, 'no header');
    assert.equal(await page.locator('#pl-pre').count(), 0, 'the first paint is gone');
    assert.match(await page.getByTestId('editor').inputValue(), new RegExp(`name: ${POD}`), 'the example is the manifest');
    await fast(page);
    await page.getByTestId('embed-run').click();
    await statusIs(page, 'Running');
    await shot(page, 'anywhere-embed-wide');
    // Editing and applying inside the embed stays inside the embed.
    await typeInEditor(page, TWO_INITS.replace('two-inits', 'edited-in-embed'));
    await page.getByTestId('apply').click();
    await page.waitForTimeout(400);
    assert.deepEqual(await storage(page), before, 'localStorage is exactly as the full app left it');
    assert.deepEqual(await problems(page), []);
    // The full app, reloaded, still has the learner's own draft.
    await app.reload();
    await app.getByTestId('editor').waitFor({ timeout: 30_000 });
    assert.equal(await app.getByTestId('editor').inputValue(), TWO_INITS);

    // A phone-sized embed.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}?embed=${LESSON}/${EXAMPLE}`);
    await page.getByTestId('embed').waitFor({ timeout: 30_000 });
    await fast(page);
    await page.getByTestId('embed-run').click();
    await statusIs(page, 'Running');
    await shot(page, 'anywhere-embed-phone');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 392, `no sideways scrolling on a phone (scrollWidth ${wide})`);

    // An unknown example says so.
    await page.goto(`${server.url}?embed=${LESSON}/no-such-example`);
    await page.getByTestId('embed-missing').waitFor({ timeout: 30_000 });
    await app.context().close();
  } finally {
    await server.close();
  }
});

test('the share dialog offers an <iframe> snippet that embeds the same manifest, paused where it was shared', async () => {
  const server = await serve(distDir(), PREFIX);
  try {
    const app = await openApp(browser, server.url);
    await typeInEditor(app, TWO_INITS);
    await app.getByTestId('apply').click();
    await app.getByTestId('pod-row').first().waitFor();
    await app.getByTestId('pause').click();
    await app.getByTestId('scrub').evaluate((el) => { el.value = '4'; el.dispatchEvent(new Event('input', { bubbles: true })); });
    await app.getByTestId('share').click();
    const snippet = await app.getByTestId('share-embed').inputValue();
    const src = /^<iframe src="([^"]+)"/.exec(snippet)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(src?.startsWith(`${server.url}?embed#v1:`), snippet);
    // A page of "documentation" with the snippet pasted in.
    const host = await app.context().newPage();
    await host.setViewportSize({ width: 1100, height: 800 });
    await host.setContent(`<!doctype html><title>docs</title><h1>Our init containers</h1><p>Try it:</p>${snippet}`);
    const frame = host.frameLocator('iframe');
    await frame.getByTestId('embed').waitFor({ timeout: 30_000 });
    await frame.getByTestId('pod-row').first().waitFor();
    assert.equal(await frame.getByTestId('clock').textContent(), await app.getByTestId('clock').textContent(), 'paused at the shared instant');
    assert.match(await frame.getByTestId('editor').inputValue(), /name: two-inits/);
    assert.equal(await frame.getByTestId('lesson').count(), 0);
    await host.waitForTimeout(300);
    await shot(host, 'anywhere-embed-iframe');
    await app.context().close();
  } finally {
    await server.close();
  }
});

test('the real-cluster bundle of a run holds its manifest, the commands and the STATUS sequence podlab predicted', async () => {
  const server = await serve(distDir(), PREFIX);
  try {
    const page = await openApp(browser, server.url);
    assert.equal(await page.getByTestId('real-cluster').isDisabled(), true, 'nothing to hand off before a run');
    await typeInEditor(page, TWO_INITS);
    await fast(page);
    await page.getByTestId('apply').click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="pod-status"]')].some((s) => s.textContent.trim() === 'Running'), null, { timeout: 30_000 });
    await page.getByTestId('real-cluster').click();
    const text = await page.getByTestId('real-cluster-text').inputValue();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('real-cluster-download').click()]);
    assert.equal(download.suggestedFilename(), 'podlab-real-cluster.md');
    const file = readFileSync(await download.path(), 'utf8');
    assert.equal(file, text, 'the download is the text shown');
    assert.ok(file.includes(`cat > two-inits.yaml <<'EOF'\n${TWO_INITS}EOF\n`), 'the manifest, as typed');
    assert.ok(file.includes('kubectl apply -f two-inits.yaml && kubectl get pod -w'), 'the commands');
    assert.ok(file.includes('kubectl logs two-inits -c init-a'), 'logs of each container');
    // The STATUS sequence is this run's: the same as the CLI's simulation of the same manifest.
    const dir = mkdtempSync(join(tmpdir(), 'podlab-handoff-'));
    writeFileSync(join(dir, 'two-inits.yaml'), TWO_INITS);
    const sim = JSON.parse(execFileSync('cargo', ['run', '--quiet', '--locked', '--offline', '--bin', 'podlab', '--', 'simulate', join(dir, 'two-inits.yaml'), '--until', '120', '--output', 'json'], { cwd: repo, encoding: 'utf8' }));
    const seq = sim.rows.map((r) => r.status).filter((s, i, a) => i === 0 || a[i - 1] !== s);
    assert.deepEqual(seq, ['Pending', 'Init:0/2', 'Init:1/2', 'PodInitializing', 'Running']);
    assert.ok(file.includes(`two-inits: ${seq.join(' → ')}\n`), `the STATUS sequence ${seq.join(' → ')} is in:\n${file}`);
    assert.match(file, /Where a real cluster will differ/);
    await shot(page, 'anywhere-real-cluster');
    assert.deepEqual(await problems(page), []);
    await page.context().close();
  } finally {
    await server.close();
  }
});
