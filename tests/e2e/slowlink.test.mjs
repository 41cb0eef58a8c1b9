// Start-up on workshop Wi-Fi (issue 15): the release dist/ served gzipped, as a real host serves
// it, through Chromium's network emulation at 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip,
// with the HTTP cache off. Two things are measured and held:
// - a cold first visit (a new browser context per run, 5 runs, median): the first contentful
//   paint (the static lesson and its YAML, index.html), when the early editor is usable (the small
//   second wasm that brings the first paint's textarea to life), when the app's editor is usable,
//   the bytes on the wire before each and for the whole visit, and the longest main-thread task.
//   Every figure goes to tests/e2e/out/slowlink.json; only gross failures fail, except the order:
//   the early editor must be usable before the app's editor is.
// - the early editor's contract: live diagnostics before the app has arrived, and Apply pressed
//   then waits with a visible progress line and runs the typed YAML once the app has mounted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { distDir, launch, outDir, serve } from './harness.mjs';

// Chromium's emulation takes bytes per second: 1.6 Mbit/s = 200,000 B/s, 750 kbit/s = 93,750 B/s.
// `latency` is added to each request's round trip.
const LINK = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 };
const RUNS = 5;

let browser, site;
before(async () => {
  browser = await launch();
  site = await serve(distDir(), '/', { gzip: true });
});
after(async () => {
  await browser?.close();
  await site?.close();
});

// Runs in the page before any of its scripts (CDP, so the page's CSP does not apply). Records,
// in performance.now() milliseconds: when the early editor is usable (its diagnostics list exists
// and carries a data-state: admission has answered once), when the app's editor is in the page
// and the first paint gone (as app.test.mjs measures it), the early progress line's texts while
// the app is not there yet, every long task (buffered: those before the observer count too) and
// the LCP candidates.
function marks() {
  window.__slow = { early: null, app: null, progress: [], longtasks: [], lcp: [] };
  const s = window.__slow;
  const seen = () => {
    if (s.early === null && document.querySelector('[data-testid=early-diagnostics][data-state]')) s.early = performance.now();
    const p = document.querySelector('[data-testid=early-progress]');
    const text = p?.textContent.trim();
    if (s.app === null && text && s.progress.at(-1) !== text) s.progress.push(text);
    // The app builds hidden, then takes the first paint's place (src/ui/startup.rs).
    if (s.app === null && document.querySelector('[data-testid=editor]') && !document.getElementById('pl-pre')) s.app = performance.now();
  };
  // Attributes too: the early editor may set data-state on a list it inserted earlier.
  const o = new MutationObserver(() => { seen(); if (s.app !== null) o.disconnect(); });
  o.observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-state', 'data-testid'] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) s.longtasks.push({ startMs: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const el = e.element;
      // Chromium gives no element for text painted inside a user-agent shadow tree (a textarea's
      // text, such as the first paint's YAML) or for a node already removed.
      const name = el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}` : '(none exposed: a textarea\'s text, or removed)';
      s.lcp.push({ startMs: e.startTime, size: e.size, element: name });
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
}

/** A new context (empty caches, as a first visit) on the emulated link. Service workers are
 *  blocked: the app's worker precaches every file again after start-up, from its own target,
 *  outside the page's emulated link and its byte counts; it would only add noise. Returns the
 *  page and `wire`, which collects the CDP network events for `bytes()`. */
async function slowPage() {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.addInitScript(marks);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', LINK);
  const wire = { offset: null, urls: new Map(), chunks: [], finished: [], failed: [], pending: new Set(), lastEvent: Date.now() };
  cdp.on('Network.requestWillBeSent', (e) => {
    // CDP timestamps are a monotonic clock; wallTime is the same instant in epoch seconds.
    wire.offset ??= e.wallTime - e.timestamp;
    wire.urls.set(e.requestId, e.request.url);
    wire.pending.add(e.requestId);
    wire.lastEvent = Date.now();
  });
  // A failed or cancelled response still cost the bytes that arrived (its chunks). A fetch whose
  // body a streaming consumer stops reading (e.g. a wasm compiler that has every section) is
  // reported as cancelled, net::ERR_ABORTED.
  cdp.on('Network.loadingFailed', (e) => {
    wire.failed.push({ id: e.requestId, t: e.timestamp, error: e.errorText });
    wire.pending.delete(e.requestId);
    wire.lastEvent = Date.now();
  });
  // Body bytes as they arrive (compressed size); the document's chunks report 0 and its bytes
  // come with loadingFinished, whose encodedDataLength is the response's total, headers included.
  cdp.on('Network.dataReceived', (e) => wire.chunks.push({ id: e.requestId, t: e.timestamp, bytes: e.encodedDataLength }));
  cdp.on('Network.loadingFinished', (e) => {
    wire.finished.push({ id: e.requestId, t: e.timestamp, bytes: e.encodedDataLength });
    wire.pending.delete(e.requestId);
    wire.lastEvent = Date.now();
  });
  return { context, page, wire };
}

/** Waits until every request the page made has finished and nothing new started for 500 ms (the
 *  whole visit). Not Playwright's 'networkidle': that fires once per navigation and, with the
 *  app's wasm fetched after the early editor, can already be past while the wasm still loads.
 *  Returns the URLs still loading after 30 s, if any. */
async function settled(wire) {
  const end = Date.now() + 30_000;
  while (Date.now() < end && (wire.pending.size || Date.now() - wire.lastEvent < 500)) await new Promise((ok) => setTimeout(ok, 100));
  return [...wire.pending].map((id) => wire.urls.get(id));
}

/** The bytes received before `atMs` (page time) and in all, with one row per response. A
 *  response's bytes count when they arrived; what loadingFinished adds beyond the counted chunks
 *  (headers, the document) counts when it finished; a failed response counts its chunks. */
function bytes(wire, timeOrigin, atMs) {
  const pageMs = (t) => (t + wire.offset) * 1000 - timeOrigin;
  const chunked = new Map();
  let before = 0;
  for (const c of wire.chunks) {
    chunked.set(c.id, (chunked.get(c.id) || 0) + c.bytes);
    if (atMs !== null && pageMs(c.t) <= atMs) before += c.bytes;
  }
  const file = (id) => new URL(wire.urls.get(id) || 'http://x/?').pathname.split('/').pop() || 'index.html';
  const files = wire.finished.map((f) => {
    const rest = f.bytes - (chunked.get(f.id) || 0);
    if (atMs !== null && pageMs(f.t) <= atMs) before += rest;
    return { file: file(f.id), bytes: f.bytes, doneMs: Math.round(pageMs(f.t)) };
  }).concat(wire.failed.map((f) => ({ file: file(f.id), bytes: chunked.get(f.id) || 0, doneMs: Math.round(pageMs(f.t)), failed: f.error })));
  return { before: atMs === null ? null : before, total: files.reduce((a, f) => a + f.bytes, 0), files };
}

const kib = (b) => (b === null ? 'n/a' : `${(b / 1024).toFixed(1)} KiB`);
const ms = (v) => (v === null || v === undefined ? 'n/a' : `${Math.round(v)} ms`);
/** The median of the runs' `k` (null when any run has none: a missing milestone is not hidden). */
const median = (runs, k) => {
  const v = runs.map((r) => r[k]);
  if (v.some((x) => x === null || x === undefined)) return null;
  return v.sort((a, b) => a - b)[v.length >> 1];
};

test(`slow link (1.6 Mbit/s, 150 ms RTT), cold first visit, median of ${RUNS}: first paint, early editor usable, app editor usable, bytes, longest task`, async () => {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page, wire } = await slowPage();
    // 'commit': the milestones are recorded in the page; waiting for `load` would only add time.
    await page.goto(site.url, { waitUntil: 'commit' });
    await page.getByTestId('editor').waitFor({ timeout: 60_000 });
    // The whole visit: whatever still loads after the app mounted (e.g. the icon).
    const unfinished = await settled(wire);
    const seen = await page.evaluate(() => ({
      ...window.__slow,
      timeOrigin: performance.timeOrigin,
      fcpMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    }));
    const b = bytes(wire, seen.timeOrigin, seen.early);
    const inLoad = seen.longtasks.filter((t) => t.startMs <= seen.app);
    const lcp = seen.lcp.at(-1) || null;
    runs.push({
      fcpMs: seen.fcpMs,
      earlyEditorMs: seen.early,
      appEditorMs: seen.app,
      bytesBeforeEarlyEditor: b.before,
      bytesBeforeAppEditor: bytes(wire, seen.timeOrigin, seen.app).before,
      bytesWholeVisit: b.total,
      longestTaskMs: inLoad.length ? Math.max(...inLoad.map((t) => t.ms)) : 0,
      // Long tasks up to the app's editor (start-up), with when they began.
      longTasks: inLoad.map((t) => ({ startMs: Math.round(t.startMs), ms: Math.round(t.ms) })),
      lcpMs: lcp?.startMs ?? null,
      lcpElement: lcp?.element ?? null,
      files: b.files,
      unfinished,
    });
    await context.close();
  }
  const report = {
    link: LINK,
    runs,
    median: Object.fromEntries(['fcpMs', 'earlyEditorMs', 'appEditorMs', 'bytesBeforeEarlyEditor', 'bytesBeforeAppEditor', 'bytesWholeVisit', 'longestTaskMs', 'lcpMs']
      .map((k) => [k, median(runs, k)])),
  };
  writeFileSync(join(outDir, 'slowlink.json'), JSON.stringify(report, null, 2));
  const m = report.median;
  console.log(`slow link (1.6 Mbit/s, 150 ms RTT; median of ${RUNS} cold first visits): first paint ${ms(m.fcpMs)}, early editor usable ${ms(m.earlyEditorMs)} after ${kib(m.bytesBeforeEarlyEditor)}, app editor usable ${ms(m.appEditorMs)} after ${kib(m.bytesBeforeAppEditor)}, whole visit ${kib(m.bytesWholeVisit)}; longest task during load ${ms(m.longestTaskMs)}; LCP ${ms(m.lcpMs)} (${[...new Set(runs.map((r) => r.lcpElement))].join(' / ')})`);
  // Gross failures only; the figures are the report.
  assert.deepEqual(runs.flatMap((r) => r.unfinished), [], 'requests still loading 30 s after the app mounted');
  assert.ok(runs.every((r) => r.fcpMs !== null && r.fcpMs < 5000), `first paint: ${runs.map((r) => r.fcpMs)}`);
  assert.ok(m.appEditorMs < 30_000, `the app's editor took ${m.appEditorMs} ms`);
  // The order is real: the early editor exists to be usable before the app has arrived.
  for (const r of runs) {
    assert.ok(r.earlyEditorMs !== null, 'the early editor never became usable ([data-testid=early-diagnostics] with a data-state)');
    assert.ok(r.earlyEditorMs < r.appEditorMs, `the early editor (${r.earlyEditorMs} ms) was not usable before the app's editor (${r.appEditorMs} ms)`);
  }
  assert.ok(m.earlyEditorMs < 10_000, `the early editor took ${m.earlyEditorMs} ms`);
});

// The app's wasm is held back (routed) until the typed line has been checked, so the "before the
// app" part cannot race a fast download; it is then released and arrives over the slow link while
// the early Apply waits, so the progress line has something to report.
test('slow link: the early editor checks typed YAML before the app arrives, and its Apply, pressed early, runs the typed YAML once the app mounts', async () => {
  const { context, page } = await slowPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  let release;
  const gate = new Promise((ok) => { release = ok; });
  // Every wasm but the early editor's own (podlab-editor-*_bg.wasm).
  await page.route((url) => /\.wasm$/.test(url.pathname) && !/\/podlab-editor-[^/]*$/.test(url.pathname), async (route) => { await gate; await route.continue(); });
  try {
    await page.goto(site.url, { waitUntil: 'commit' });
    const ed = page.locator('#pl-pre-editor[data-testid=early-editor]');
    await ed.waitFor({ timeout: 20_000 });
    const diags = page.getByTestId('early-diagnostics');
    await page.locator('[data-testid=early-diagnostics][data-state]').waitFor();
    const original = await ed.inputValue();
    // A broken line at the end: the early editor's admission says so, live.
    await ed.focus();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('\nkind: [');
    await page.locator('[data-testid=early-diagnostics][data-state=problems]').waitFor({ timeout: 5_000 });
    assert.equal(await page.getByTestId('editor').count(), 0, 'the app\'s editor is already there: this did not test the early editor');
    // A harmless valid change instead: the pod's name. The list goes back to "ok".
    const name = 'typed-before-the-app';
    const typed = original.replace(/^(metadata:\n(?:  .*\n)*?  name: ).*$/m, `$1${name}`);
    assert.notEqual(typed, original, 'could not find metadata.name in the first paint\'s YAML');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText(typed);
    await page.locator('[data-testid=early-diagnostics][data-state=ok]').waitFor({ timeout: 5_000 });
    assert.equal(await diags.getAttribute('data-state'), 'ok');
    // Apply before the app (and the simulated node) has arrived: it waits, visibly, then runs.
    await page.getByTestId('early-apply').click();
    const progress = page.getByTestId('early-progress');
    await progress.waitFor({ state: 'visible' });
    assert.equal(await progress.getAttribute('role'), 'status');
    assert.equal(await page.getByTestId('editor').count(), 0, 'the app arrived before Apply was pressed');
    release();
    await page.getByTestId('editor').waitFor({ timeout: 60_000 });
    const texts = await page.evaluate(() => window.__slow.progress);
    assert.ok(texts.length >= 2, `the progress line never changed while the app loaded: ${JSON.stringify(texts)}`);
    assert.equal(await page.getByTestId('editor').inputValue(), typed, 'the app\'s editor does not hold the typed YAML');
    await page.getByTestId('pod-row').filter({ hasText: name }).first().waitFor({ timeout: 20_000 });
    assert.deepEqual(page.problems, []);
  } finally {
    release();
    await context.close();
  }
});
