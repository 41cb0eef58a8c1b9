// The early editor (issue 15, src/ui/early_editor.rs): a small wasm of its own makes the first
// paint's textarea a live editor while the app's wasm is still on its way. Here the app's wasm is
// held back at the network (a gate), so everything below happens before the app exists; then the
// gate opens and the app takes over what the learner did. The timing on a slow link is
// tests/e2e/slowlink.test.mjs's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, distDir, launch, problems, serve, shot } from './harness.mjs';

let browser;
let root;
before(async () => {
  root = await serve(distDir());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await root?.close();
});

/** A page whose app wasm waits for `release()`; the early editor's wasm is not held. */
async function heldBack(url, { colorScheme = 'light', viewport = { width: 1440, height: 900 } } = {}) {
  const context = await browser.newContext({ colorScheme, viewport });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  let release;
  const gate = new Promise((ok) => { release = ok; });
  const appWasm = [];
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.route(/podlab-web-[0-9a-f]+_bg\.wasm$/, async (route) => { appWasm.push(route.request().url()); await gate; await route.continue(); });
  await page.goto(url);
  return { page, context, release, appWasm, requests };
}

test('before the app arrives, the early editor highlights, checks and keeps the editor keys', async () => {
  const { page, context, release, appWasm } = await heldBack(root.url);
  const ed = page.getByTestId('early-editor');
  await page.locator('[data-testid=early-diagnostics][data-state=ok]').waitFor();
  assert.equal(await page.getByTestId('editor').count(), 0, 'the app is not there yet');
  // The app's wasm is requested only after the early editor runs (they never share the link).
  assert.ok(appWasm.length <= 1);
  // Highlighting: the overlay colours keys, as the app's editor does.
  assert.ok(await page.locator('#pl-pre .pl-ed__overlay .tok-key').count() > 5);
  assert.match(await page.getByTestId('early-progress').textContent(), /checks are ready; the simulated node is loading/);
  // An invalid port: admission's diagnostic, worded as the API server words it, with its line and
  // field path, in the list, the gutter, the marked text and (with the caret there) the bar.
  const text = await ed.inputValue();
  const line = text.split('\n').findIndex((l) => l.includes('containerPort: 80')) + 1;
  assert.ok(line > 0);
  await ed.fill(text.replace('containerPort: 80', 'containerPort: 99999'));
  const diags = page.locator('[data-testid=early-diagnostics][data-state=problems]');
  await diags.waitFor();
  assert.match(await diags.textContent(), new RegExp(`^errorLine ${line}, column \\d+ \\(spec\\.containers\\[0\\]\\.ports\\[0\\]\\.containerPort\\)spec\\.containers\\[0\\]\\.ports\\[0\\]\\.containerPort: Invalid value: 99999: must be between 1 and 65535, inclusive`));
  assert.equal(await page.locator(`#pl-pre .pl-ed__num--err[data-line="${line}"]`).count(), 1);
  assert.ok(await page.locator('#pl-pre .pl-ed__mark').count() >= 1, 'the wrong value is marked');
  await shot(page, 'early-editor-problem');
  // Clicking the diagnostic puts the caret on its line; the bar says the message there.
  await ed.press('ControlOrMeta+Home');
  await diags.locator('button').first().click();
  assert.match(await page.locator('#pl-pre-here').textContent(), new RegExp(`^Line ${line}: spec.containers.0..ports.0..containerPort: Invalid value: 99999`));
  await ed.fill(text);
  await page.locator('[data-testid=early-diagnostics][data-state=ok]').waitFor();
  // Tab indents with spaces (not focus), Enter keeps the indentation.
  await ed.press('ControlOrMeta+Home');
  await ed.press('Tab');
  assert.match(await ed.inputValue(), /^ {2}apiVersion: v1\n/);
  assert.equal(await ed.evaluate((e) => document.activeElement === e), true);
  await ed.press('Shift+Tab');
  assert.match(await ed.inputValue(), /^apiVersion: v1\n/);
  // No accessibility violation in the early page either.
  assert.deepEqual(await axeViolations(page), []);
  release();
  await page.getByTestId('editor').waitFor();
  assert.equal(await page.locator('#pl-pre').count(), 0, 'the first paint is gone');
  assert.deepEqual(await problems(page), []);
  await context.close();
});

test('Apply pressed before the app arrives waits, says so, and runs the typed YAML when it does', async () => {
  const { page, context, release } = await heldBack(root.url);
  const ed = page.getByTestId('early-editor');
  await page.locator('[data-testid=early-diagnostics][data-state=ok]').waitFor();
  const text = (await ed.inputValue()).replace(/name: pod-with-init-container/, 'name: typed-early');
  assert.match(text, /typed-early/);
  await ed.fill(text);
  await page.getByTestId('early-apply').click();
  const progress = page.getByTestId('early-progress');
  assert.match(await progress.textContent(), /your YAML runs as soon as it arrives/);
  assert.equal(await progress.getAttribute('role'), 'status');
  release();
  // The app starts, holds the typed text and runs it: a pod row for that name.
  await page.getByTestId('editor').waitFor();
  assert.equal(await page.getByTestId('editor').inputValue(), text);
  await page.getByTestId('pod-row').filter({ hasText: 'typed-early' }).first().waitFor();
  assert.deepEqual(await problems(page), []);
  await context.close();
});

test('Ctrl+Enter in the early editor is Apply, as in the app', async () => {
  const { page, context, release } = await heldBack(root.url);
  await page.locator('[data-testid=early-diagnostics][data-state=ok]').waitFor();
  await page.getByTestId('early-editor').press('ControlOrMeta+Enter');
  assert.match(await page.getByTestId('early-progress').textContent(), /your YAML runs/);
  release();
  await page.getByTestId('pod-row').filter({ hasText: 'pod-with-init-container' }).first().waitFor();
  await context.close();
});

test('the early editor stays out of the embed view and of other lessons\' first paint', async () => {
  // The embed view has no first-paint editor: the early editor is not even fetched (its 150 KiB
  // would only delay the embed's own wasm), and the app's wasm is asked for at once.
  const embed = await heldBack(`${root.url}?embed=01-mental-model/first`);
  await embed.page.waitForFunction(() => document.readyState === 'complete');
  assert.equal(await embed.page.evaluate(() => globalThis.podlabEarly), undefined);
  assert.equal(await embed.page.getByTestId('early-editor').count(), 0);
  assert.equal(embed.appWasm.length, 1, 'the app\'s wasm was not requested');
  embed.release();
  await embed.page.getByTestId('editor').waitFor();
  assert.deepEqual(embed.requests.filter((u) => u.includes('podlab-editor')), []);
  await embed.context.close();
  // Another lesson's first paint has no editor to make live (its YAML is not the first lesson's).
  const other = await heldBack(`${root.url}#/lesson/05-waiting-for-services`);
  await other.page.evaluate(() => globalThis.podlabEarly);
  assert.equal(await other.page.getByTestId('early-editor').isVisible(), false);
  assert.equal(await other.page.getByTestId('early-diagnostics').isVisible(), false);
  // Its status line speaks of the node only (the checks it would announce are hidden), and back
  // on the first lesson, of the checks again.
  const progress = other.page.getByTestId('early-progress');
  await progress.waitFor();
  assert.match(await progress.innerText(), /^The simulated node is (loading|starting)/);
  await other.page.evaluate(() => { location.hash = '#/lesson/01-mental-model'; });
  await other.page.waitForFunction(() => /^The editor's checks are ready/.test(document.querySelector('[data-testid=early-progress]').textContent));
  assert.equal(await other.page.getByTestId('early-editor').isVisible(), true);
  other.release();
  await other.context.close();
});
