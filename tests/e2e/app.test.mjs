// The foundation slice, end to end on the release bundle: the page mounts (the wasm loads and
// runs: a bad wasm-opt fails here), the first lesson renders with its example in the editor,
// broken YAML shows its error with the line number as the learner types, the draft survives a
// reload, and the same dist/ works from a sub-path. No page errors and no CSP violations.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { distDir, launch, openApp, outDir, problems, serve, shot, typeInEditor } from './harness.mjs';

const BROKEN = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\n bad: 1\n';

let browser, root, sub;
before(async () => {
  const dist = distDir();
  browser = await launch();
  root = await serve(dist, '/');
  sub = await serve(dist, '/some/sub/path/');
});
after(async () => {
  await browser?.close();
  await root?.close();
  await sub?.close();
});

async function brokenYamlShowsItsLine(url, name) {
  const page = await openApp(browser, url);
  await typeInEditor(page, BROKEN);
  const diags = page.getByTestId('diagnostics');
  await diags.getByText(/Line 5, column \d+/).waitFor({ timeout: 10_000 });
  // The gutter marks line 5 too.
  assert.equal(await page.locator('.pl-ed__num--err').first().getAttribute('data-line'), '5');
  await shot(page, name);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
}

test('broken YAML typed into the editor shows its error with the line number', async () => {
  await brokenYamlShowsItsLine(root.url, 'broken-yaml-wide-light');
});

test('dist/ served from /some/sub/path/ loads and works', async () => {
  await brokenYamlShowsItsLine(sub.url, 'sub-path');
  assert.ok(sub.requests.every((p) => p.startsWith('/some/sub/path/')), `requests outside the sub-path: ${sub.requests}`);
});

test('the deployed index.html carries a strict CSP: hashed loader, no unsafe-inline', () => {
  const html = readFileSync(join(distDir(), 'index.html'), 'utf8');
  const csp = /http-equiv="?Content-Security-Policy"?/.test(html) && /content="([^"]*script-src[^"]*)"/.exec(html)?.[1];
  assert.ok(csp, 'no CSP meta in dist/index.html');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(csp, /unsafe-inline|sha256-INLINE/);
});

test('the first lesson renders and its example YAML is in the editor, with no problems', async () => {
  const page = await openApp(browser, root.url);
  await assert.doesNotReject(page.getByTestId('lesson').getByRole('heading', { name: 'The preparation crew' }).waitFor());
  const text = await page.getByTestId('editor').inputValue();
  assert.match(text, /^apiVersion: v1\nkind: Pod\n/);
  await page.getByTestId('diagnostics').getByText('No problems found.').waitFor();
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('the draft survives a reload', async () => {
  const page = await openApp(browser, root.url);
  await typeInEditor(page, 'kind: Pod\n# my draft\n');
  await page.waitForTimeout(400); // past the save debounce
  await page.reload();
  await page.getByTestId('editor').waitFor();
  assert.equal(await page.getByTestId('editor').inputValue(), 'kind: Pod\n# my draft\n');
  await page.context().close();
});

test('with storage blocked the app still starts, says so, and keeps editing in memory', async () => {
  const page = await openApp(browser, root.url, {
    init: () => Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } }),
  });
  await page.getByTestId('storage-banner').waitFor();
  await typeInEditor(page, BROKEN);
  await page.getByTestId('diagnostics').getByText(/Line 5/).waitFor();
  await page.context().close();
});

test('presenter mode enlarges the type and is remembered', async () => {
  const page = await openApp(browser, root.url);
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await size();
  await page.getByTestId('presenter-toggle').click();
  assert.ok((await size()) > normal * 1.2, 'presenter mode did not enlarge the type');
  // The simulation is the big thing on a projector: on top, across the whole width, above the
  // editor and the lesson; on a 1920-wide screen, the widest of the three columns.
  const box = (sel) => page.locator(sel).boundingBox();
  const [main, sim, editor, lesson] = await Promise.all(['.pl-main', '.pl-sim', '.pl-editor-region', '.pl-lesson'].map(box));
  assert.ok(sim.width > main.width * 0.9 && sim.y < editor.y && sim.y < lesson.y, `presenter layout at 1440: ${JSON.stringify({ main, sim, editor, lesson })}`);
  await shot(page, 'presenter-wide-light');
  await page.setViewportSize({ width: 1920, height: 1080 });
  const [sim2, editor2, lesson2] = await Promise.all(['.pl-sim', '.pl-editor-region', '.pl-lesson'].map(box));
  assert.ok(sim2.width > editor2.width && sim2.width > lesson2.width, `presenter layout at 1920: ${JSON.stringify({ sim2, editor2, lesson2 })}`);
  await shot(page, 'presenter-1920-light');
  await page.reload();
  await page.getByTestId('editor').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.presenter), 'on');
  await page.context().close();
});

test('screenshots: light and dark, wide and narrow', async () => {
  for (const colorScheme of ['light', 'dark']) {
    for (const [w, h, name] of [[1440, 900, 'wide'], [390, 844, 'narrow']]) {
      const page = await openApp(browser, root.url, { colorScheme, viewport: { width: w, height: h } });
      await page.getByTestId('lesson').getByRole('heading').first().waitFor();
      await shot(page, `start-${name}-${colorScheme}`);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name}: sideways scroll`);
      assert.deepEqual(await problems(page), []);
      await page.context().close();
    }
  }
});

test('keyboard only: Tab indents, Enter keeps indentation, Escape then Tab leaves, Ctrl+Enter applies', async () => {
  const page = await openApp(browser, root.url);
  const ed = page.getByTestId('editor');
  // Reach the editor from the top of the page with Tab alone.
  for (let i = 0; i < 80 && !(await ed.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
  assert.ok(await ed.evaluate((e) => e === document.activeElement), 'Tab never reached the editor');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type('spec:');
  await page.keyboard.press('Enter');
  await page.keyboard.type('x: 1');
  await page.keyboard.press('Tab');
  assert.equal(await ed.inputValue(), 'spec:\n  x: 1  ');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await ed.inputValue(), 'spec:\nx: 1  ');
  await page.keyboard.press('ControlOrMeta+z'); // native undo still works after our edits
  assert.equal(await ed.inputValue(), 'spec:\n  x: 1  ');
  await page.keyboard.press('Escape');
  await page.getByTestId('announcer').getByText(/Press Tab to leave the editor/).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), 'reset');
  await ed.focus();
  await page.keyboard.press('ControlOrMeta+Enter');
  // Applied (a pod appears) or refused with the reason: either way the shortcut did something.
  await page.locator('[data-testid=pod-row], [data-testid=apply-note]').first().waitFor();
  // The console keeps a history reachable with the arrow keys.
  const input = page.getByTestId('console-input');
  await input.focus();
  await page.keyboard.type('kubectl get pods');
  await page.keyboard.press('Enter');
  await page.getByTestId('console-output').getByText('$ kubectl get pods').waitFor();
  await page.keyboard.press('ArrowUp');
  assert.equal(await input.inputValue(), 'kubectl get pods');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('kubectl lo');
  await page.keyboard.press('Tab');
  assert.equal(await input.inputValue(), 'kubectl logs ');
  // Tab is the engine's completion: every verb, and candidates it cannot choose among are listed.
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('kubectl ex');
  await page.keyboard.press('Tab');
  assert.equal(await input.inputValue(), 'kubectl ex');
  assert.deepEqual((await page.getByTestId('console-completions').textContent()).split(/\s+/).filter(Boolean), ['exec', 'expose']);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('kubectl ru');
  await page.keyboard.press('Tab');
  assert.equal(await input.inputValue(), 'kubectl run ');
  await page.getByTestId('console-completions').waitFor({ state: 'detached' });
  // The theme toggle works from the keyboard and is remembered.
  await page.getByTestId('theme-toggle').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a share link loads into the editor without running, and a damaged one changes nothing', async () => {
  const page = await openApp(browser, root.url);
  await typeInEditor(page, 'kind: Pod\n# shared\n');
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  assert.match(link, /#v1:[A-Za-z0-9_-]+$/);
  const other = await openApp(browser, link);
  assert.equal(await other.getByTestId('editor').inputValue(), 'kind: Pod\n# shared\n');
  assert.equal(await other.getByTestId('pod-row').count(), 0);
  const bad = await openApp(browser, `${root.url}#v1:!!!not-base64!!!`);
  await bad.getByText(/Could not read the shared link/).waitFor();
  await page.context().close();
  await other.context().close();
  await bad.context().close();
});

// Budget: the editor is usable within 200 ms of navigation on localhost. Each run is a new
// browser context (empty HTTP and wasm code caches, as a first visit); the numbers go to
// tests/e2e/out/startup.json: the first contentful paint (the static lesson and its YAML in a
// plain textarea, from index.html), when the early editor (its own small wasm) shows that YAML's
// diagnostics, and when the app's editor takes the first paint's place (the app builds hidden
// and swaps itself in, src/ui/startup.rs). Issue 15's other budget, no main-thread task over
// 50 ms during start-up, is reported too: every long task (PerformanceObserver 'longtask') from
// navigation until a second after the app is shown, the longest of each run, and the longest
// of those that end after the first wasm code ran (the early editor's `podlab:early` mark; the
// tasks before are the browser parsing and laying out index.html's first paint), then the longest
// task of the learner's first run (Apply, or an example's Run). Only a gross overrun fails; the budgets are reported numbers
// (tests/e2e/slowlink.test.mjs measures the same on a slow link).
const STARTUP_RUNS = 7;
test(`performance: start-up, ${STARTUP_RUNS} first visits on localhost: the editor usable soon, the longest main-thread task`, async () => {
  const runs = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__long = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.__long.push({ startMs: Math.round(e.startTime), ms: Math.round(e.duration) });
      }).observe({ type: 'longtask', buffered: true });
      new MutationObserver((_, o) => {
        if (!window.__earlyAt && document.querySelector('[data-testid=early-diagnostics][data-state]')) window.__earlyAt = performance.now();
        // The app's editor in the page and the first paint gone: the swap (one task).
        if (document.querySelector('[data-testid=editor]') && !document.getElementById('pl-pre')) { window.__editorAt = performance.now(); o.disconnect(); }
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
    });
    await page.goto(root.url);
    await page.getByTestId('editor').waitFor();
    await page.waitForTimeout(1000); // idle: anything the start-up left for later has run
    const load = await page.evaluate(() => {
      const wasm = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm'));
      const app = wasm.find((e) => /podlab-web-[^/]*\.wasm$/.test(e.name));
      const wasmStartMs = performance.getEntriesByName('podlab:early')[0]?.startTime ?? app.responseEnd;
      const longest = (tasks) => Math.max(0, ...tasks.map((t) => t.ms));
      return {
        editorMs: window.__editorAt,
        // The early editor (src/ui/early_editor.rs): highlighting and diagnostics before the app.
        earlyEditorMs: window.__earlyAt,
        wasmFetchedMs: app.responseEnd,
        // The app's first task on its own (the shell); its other parts come a task each.
        mountMs: performance.getEntriesByName('podlab:mount')[0]?.duration,
        readyMs: performance.getEntriesByName('podlab:ready')[0]?.startTime,
        // The first paint with content: the static lesson from index.html (src/ui/first_paint.rs).
        fcpMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
        yaml: document.querySelector('[data-testid=editor]').value.startsWith('apiVersion'),
        wasmStartMs,
        longTasks: window.__long,
        longestTaskMs: longest(window.__long),
        longestWasmTaskMs: longest(window.__long.filter((t) => t.startMs + t.ms >= wasmStartMs)),
      };
    });
    // Then the learner's first run, Apply or (every other load) the lesson's first example: the
    // engine and the stage run for the first time (V8 compiles each wasm function on its first
    // call; the app warms the engine after start-up, `Lab::warm`, and draws a run in the task
    // after the click's).
    const before = await page.evaluate(() => window.__long.length);
    load.firstRun = i % 2 ? 'example' : 'apply';
    await page.getByTestId(i % 2 ? 'example-run' : 'apply').first().click();
    await page.getByTestId('pod-row').first().waitFor();
    await page.waitForTimeout(500);
    load.firstRunTasks = await page.evaluate((n) => window.__long.slice(n), before);
    load.firstRunLongestTaskMs = Math.max(0, ...load.firstRunTasks.map((t) => t.ms));
    runs.push(load);
    await context.close();
  }
  const sorted = (k) => runs.map((r) => r[k]).sort((a, b) => a - b);
  const median = (k) => sorted(k)[runs.length >> 1];
  const max = (k) => sorted(k).at(-1);
  const report = {
    runs,
    medianEarlyEditorMs: median('earlyEditorMs'), medianEditorMs: median('editorMs'), medianFcpMs: median('fcpMs'),
    medianWasmFetchedMs: median('wasmFetchedMs'), medianMountMs: median('mountMs'), medianReadyMs: median('readyMs'),
    medianLongestTaskMs: median('longestTaskMs'), maxLongestTaskMs: max('longestTaskMs'),
    medianLongestWasmTaskMs: median('longestWasmTaskMs'), maxLongestWasmTaskMs: max('longestWasmTaskMs'),
    medianFirstRunLongestTaskMs: median('firstRunLongestTaskMs'), maxFirstRunLongestTaskMs: max('firstRunLongestTaskMs'),
  };
  writeFileSync(join(outDir, 'startup.json'), JSON.stringify(report, null, 2));
  console.log(`start-up (median of ${runs.length} first visits): first paint (the static lesson and its YAML in a textarea) at ${report.medianFcpMs?.toFixed(0)} ms, the early editor checking it at ${report.medianEarlyEditorMs?.toFixed(0)} ms, the app's editor in the page at ${report.medianEditorMs.toFixed(0)} ms after navigation; app wasm fetched at ${report.medianWasmFetchedMs.toFixed(0)} ms; first task of the app ${report.medianMountMs?.toFixed(0)} ms`);
  console.log(`longest main-thread task per run: median ${report.medianLongestTaskMs} ms, max ${report.maxLongestTaskMs} ms; from the first wasm code on: median ${report.medianLongestWasmTaskMs} ms, max ${report.maxLongestWasmTaskMs} ms (${sorted('longestWasmTaskMs').join(', ')}); the first run's (Apply, or an example's Run every other load): median ${report.medianFirstRunLongestTaskMs} ms, max ${report.maxFirstRunLongestTaskMs} ms`);
  assert.ok(runs.every((r) => r.yaml), 'the editor did not hold the lesson\'s YAML');
  assert.ok(report.medianEditorMs < 1000, `the editor took ${report.medianEditorMs} ms`);
});

// The app builds hidden and then takes the first paint's place in one task (src/ui/startup.rs):
// the lesson, the largest paint (LCP), must be exactly where the first paint drew it, and stay
// there; no element the app paints may become the largest paint. At a desktop and a phone size.
test('the app takes the first paint\'s place without moving the lesson, and is complete when it shows', async () => {
  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.problems = [];
    page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
    await page.addInitScript(() => {
      window.__lcp = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lcp.push(e.startTime); })
        .observe({ type: 'largest-contentful-paint', buffered: true });
      // At the swap: was the app complete (its last parts are the details and the lesson's footer)?
      new MutationObserver((_, o) => {
        if (!document.querySelector('.pl-app') || document.getElementById('pl-pre')) return;
        window.__shown = { at: performance.now(), complete: ['console-input', 'lesson-done', 'diagnostics'].every((id) => document.querySelector(`[data-testid=${id}]`)) };
        o.disconnect();
      }).observe(document, { subtree: true, childList: true });
    });
    let release;
    const gate = new Promise((ok) => { release = ok; });
    await page.route(/podlab-web-[0-9a-f]+_bg\.wasm$/, async (route) => { await gate; await route.continue(); });
    await page.goto(root.url);
    await page.locator('[data-testid=early-diagnostics][data-state=ok]').waitFor();
    // The lesson's title, its nav, and its first paragraphs (the third is the LCP, "A good way to
    // picture it…"), in the first paint and then in the app.
    const boxes = () => page.evaluate(() => {
      const lesson = document.querySelector('#pl-pre .pl-pre__lesson') || document.querySelector('[data-testid=lesson]');
      const box = (el) => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height].map((v) => v.toFixed(1)).join(' '); };
      return [lesson.closest('.pl-lesson').querySelector('.pl-lnav'), lesson.querySelector('h1'), ...[...lesson.querySelectorAll(':scope > p, :scope > .pl-part > p')].slice(0, 4)].map(box);
    });
    const before = await boxes();
    // The manifest's column: the same left edge and width in both (the first paint's run and
    // manifest sit in the app's lab wrapper, scrollbar gutter included), and on a desktop, where
    // the run is above it, the same top too (the first paint draws the app's time controls and
    // empty stage, disabled). On a phone the lesson above is longer in the app (its buttons).
    const desktop = viewport.width >= 1000;
    const column = () => page.locator('.pl-editor-region').evaluate((el, y) => { const r = el.getBoundingClientRect(); return [r.x, r.width, ...(y ? [r.y] : [])].map((v) => v.toFixed(1)).join(' '); }, desktop);
    const columnBefore = await column();
    release();
    await page.getByTestId('editor').waitFor();
    assert.equal(await column(), columnBefore, `${viewport.width} px: the manifest changed column${desktop ? ' or moved up or down' : ''} at the swap`);
    const after = await boxes();
    await page.waitForTimeout(500);
    const later = await boxes();
    const seen = await page.evaluate(() => ({ shown: window.__shown, lcp: window.__lcp }));
    assert.deepEqual(after, before, `${viewport.width} px: the lesson moved when the app took over`);
    assert.deepEqual(later, before, `${viewport.width} px: the lesson moved after the app showed`);
    assert.ok(seen.shown.complete, `${viewport.width} px: the app showed before it was complete`);
    assert.ok(seen.lcp.length > 0 && seen.lcp.every((t) => t < seen.shown.at), `${viewport.width} px: a paint of the app became the largest (${seen.lcp} vs the swap at ${seen.shown.at})`);
    assert.deepEqual(await problems(page), []);
    await context.close();
  }
});

// On a phone the run and the manifest are under the lesson, which is longer in the app (its
// buttons and cards): a learner typing into the first paint's editor must not see it jump away.
test('on a phone, the editor the learner is typing in stays where it is on the screen when the app takes over', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  let release;
  const gate = new Promise((ok) => { release = ok; });
  await page.route(/podlab-web-[0-9a-f]+_bg\.wasm$/, async (route) => { await gate; await route.continue(); });
  await page.goto(root.url);
  await page.locator('[data-testid=early-diagnostics][data-state=ok]').waitFor();
  const early = page.getByTestId('early-editor');
  await early.scrollIntoViewIfNeeded();
  await early.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('\n# typed on a phone');
  const top = (sel) => page.locator(sel).evaluate((el) => el.getBoundingClientRect().top);
  const before = await top('[data-testid=early-editor]');
  release();
  await page.getByTestId('editor').waitFor();
  const after = await top('[data-testid=editor]');
  assert.ok(Math.abs(after - before) < 2, `the editor moved from ${before} to ${after} px on the screen`);
  assert.match(await page.getByTestId('editor').inputValue(), /# typed on a phone$/);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'editor');
  await context.close();
});

// The first paint is styled by the stylesheets inlined into index.html (scripts/inline-css-hook.mjs,
// allowed by hash in the CSP) and already wears the theme the learner chose, before any wasm.
test('the first paint wears the saved theme and presenter mode, styled under the strict CSP, before the wasm', async () => {
  // No service worker: it would hand the second page the cached wasm past the route below.
  const context = await browser.newContext({ colorScheme: 'light', serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(root.url);
  await page.getByTestId('theme-toggle').click(); // light system, dark chosen (and saved)
  const first = await context.newPage();
  await first.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await first.route('**/*.wasm', (route) => route.abort());
  await first.goto(root.url);
  await first.locator('.pl-pre__lesson:visible h1').first().waitFor();
  const seen = await first.evaluate(() => {
    const rgb = (el) => getComputedStyle(el).backgroundColor.match(/\d+/g).slice(0, 3).map(Number);
    return { theme: document.documentElement.dataset.theme, bg: rgb(document.body), bgRaw: getComputedStyle(document.body).backgroundColor, csp: window.__csp, links: document.querySelectorAll('link[rel=stylesheet]').length };
  });
  await shot(first, 'first-paint-saved-dark');
  assert.equal(seen.theme, 'dark');
  assert.notEqual(seen.bgRaw, 'rgba(0, 0, 0, 0)', 'the first paint is unstyled');
  assert.ok(seen.bg.reduce((a, b) => a + b) < 150, `the first paint is not dark: ${seen.bgRaw}`);
  assert.deepEqual(seen.csp, [], 'the inlined styles or the theme line broke the CSP');
  assert.equal(seen.links, 0, 'a stylesheet is still fetched (it holds the first paint back)');
  // A workshop bookmark (`?present`, src/ui/presenter.rs) is in presenter mode from the first
  // paint: at 1440 px the simulation region sits on top, above the lesson, as in the app.
  const projector = async (query) => {
    await first.setViewportSize({ width: 1440, height: 900 });
    await first.goto(`${root.url}${query}`);
    await first.locator('.pl-pre__lesson:visible h1').first().waitFor();
    return first.evaluate(() => ({
      on: document.documentElement.dataset.presenter === 'on',
      simAbove: document.querySelector('.pl-sim').getBoundingClientRect().bottom <= document.querySelector('.pl-lesson').getBoundingClientRect().top,
    }));
  };
  assert.deepEqual(await projector('?present'), { on: true, simAbove: true });
  await shot(first, 'first-paint-presenter');
  assert.deepEqual(await projector('?present=0'), { on: false, simAbove: false });
  assert.deepEqual(await first.evaluate(() => window.__csp), []);
  await context.close();
});

// The first paint (src/ui/first_paint.rs): before the wasm arrives the page already shows the
// lesson the address names and, on the first lesson, its YAML in an editable textarea; the app
// then takes over and keeps what was typed.
test('before the wasm arrives the lesson is readable and its YAML editable; the app keeps what was typed', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  let release;
  const gate = new Promise((ok) => { release = ok; });
  await page.route('**/*.wasm', async (route) => { await gate; await route.continue(); });
  await page.goto(root.url);
  const pre = page.locator('#pl-pre');
  await pre.locator('.pl-pre__lesson h1').first().waitFor();
  const title = await pre.locator('.pl-pre__lesson:visible h1').first().textContent();
  assert.ok(title.length > 3, title);
  assert.equal(await pre.locator('.pl-pre__lesson:visible').count(), 1, 'exactly one lesson is shown');
  assert.equal(await page.locator('[data-testid]').count(), 0, 'the app is not there yet');
  const ed = page.locator('#pl-pre-editor');
  assert.match(await ed.inputValue(), /^apiVersion: v1\nkind: Pod\n/);
  assert.equal(await pre.locator('.pl-pre__slow').isVisible(), false, 'the "still loading?" note waits 12 s');
  await ed.press('ControlOrMeta+End');
  await ed.pressSequentially('\n# typed before the app');
  // index.html carries the first lesson only; another lesson named in the address is fetched
  // from a file of its own (index.html's inline script) and is the one shown.
  assert.equal((await (await fetch(root.url)).text()).match(/<article\b/g)?.length, 1, 'index.html holds one lesson');
  const other = await context.newPage();
  await other.route('**/*.wasm', (route) => route.abort());
  const lessonFiles = [];
  other.on('request', (r) => { if (/\/lesson-[\w-]+\.html$/.test(r.url())) lessonFiles.push(r.url().replace(/^.*\/lesson-|-[0-9a-f]{16}\.html$/g, '')); });
  // With reduced motion too (the note is a delayed step, not motion: it must still come).
  await other.emulateMedia({ reducedMotion: 'reduce' });
  // CSS animations 100x faster: the note's 12 s delay takes 0.12 s here.
  await (await context.newCDPSession(other)).send('Animation.setPlaybackRate', { playbackRate: 100 });
  await other.goto(`${root.url}#/lesson/05-waiting-for-services`);
  await other.locator('.pl-pre__lesson:visible h1').first().waitFor();
  assert.match(await other.locator('.pl-pre__lesson:visible h1').first().textContent(), /Waiting for a Service/);
  assert.equal(await other.locator('.pl-pre__lesson:visible').count(), 1, 'exactly one lesson is shown');
  assert.equal(await other.locator('#pl-pre-editor').isVisible(), false, "the first lesson's YAML is not this lesson's");
  assert.match(await other.locator('.pl-editor-region').evaluate((e) => getComputedStyle(e, '::after').content), /this lesson's manifest/, 'the manifest region says why it is empty');
  // Its "next" link works without the app (the next lesson's file is fetched in turn), and
  // "previous" back to the first lesson shows it and its YAML again.
  await other.locator('.pl-pre__lesson:visible .pl-lnav__next').click();
  await other.waitForFunction(() => location.hash.startsWith('#/lesson/06'));
  assert.match(await other.locator('.pl-pre__lesson:visible h1').first().textContent(), /ConfigMap|Secret|config/i);
  assert.equal(await other.locator('.pl-pre__lesson:visible').count(), 1, 'exactly one lesson is shown');
  await other.goBack();
  await other.locator('.pl-pre__lesson:visible h1').getByText(/Waiting for a Service/).waitFor();
  assert.deepEqual(lessonFiles, ['05-waiting-for-services', '06-config-and-secrets'], 'each lesson fetched once, when named');
  await other.evaluate(() => { location.hash = '#/lesson/01-mental-model'; });
  await other.locator('#pl-pre-editor').waitFor({ state: 'visible' });
  assert.equal(await other.locator('.pl-pre__lesson:visible h1').first().textContent(), title);
  // The wasm never comes: after a while the page says why nothing more happens.
  await other.locator('.pl-pre__slow').getByText(/needs JavaScript and WebAssembly/).waitFor({ state: 'visible' });
  await other.close();
  // The wasm arrives: the app replaces the first paint and keeps the typed text.
  release();
  await page.getByTestId('editor').waitFor();
  assert.equal(await pre.count(), 0, 'the first paint is gone');
  assert.match(await page.getByTestId('editor').inputValue(), /# typed before the app$/);
  assert.equal(await page.getByTestId('lesson').locator('h1').first().textContent(), title);
  await page.reload();
  await page.getByTestId('editor').waitFor();
  assert.match(await page.getByTestId('editor').inputValue(), /# typed before the app$/, 'saved as the draft');
  assert.deepEqual(await problems(page), []);
  await context.close();
});
