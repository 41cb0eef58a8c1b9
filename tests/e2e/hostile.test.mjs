// reliability.md §8 A–D in the browser: every case of tests/fixtures/hostile.json (the same
// table tests/hostile.rs runs natively) goes into the editor of the release bundle in headless
// Chromium. Short inputs are typed (select all, delete, insert the text as a learner's input);
// inputs too long to type are put in the way a paste lands: the textarea's value is set and an
// `input` event dispatched. Each case then asserts:
//   - the expected outcome in the diagnostics list (error / warning / accepted), every `contains`
//     substring in a listed diagnostic of that severity, and the first one's line (and column)
//     both in the list ("Line L, column C") and as a marked gutter line;
//   - `window.__pwned === undefined`, no uncaught page error, console error or CSP violation,
//     no crash notice (`data-testid=crash`, shown by the panic hook);
//   - the editor's text unchanged (as the textarea normalises it: CR LF and lone CR become LF,
//     as the HTML spec says for a textarea's value, so the CR cases reach admission as LF);
//   - time: a PerformanceObserver for long tasks (the browser reports tasks over 50 ms) and the
//     time from the last input event to the list showing the answer, minus the 150 ms typing
//     debounce (src/ui/state.rs DEBOUNCE). The numbers are printed for every case; the test fails
//     only for a hang or when a case takes more than 5x its budget, because single tasks on a
//     2-core machine shared with other builds jitter by tens of milliseconds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { distDir, launch, openApp, problems, repo, serve } from './harness.mjs';

const { cases } = JSON.parse(readFileSync(join(repo, 'tests/fixtures/hostile.json'), 'utf8'));

/** The debounce between the last keystroke and the check (src/ui/state.rs `DEBOUNCE`). */
const DEBOUNCE_MS = 150;
/** Above this many characters the input is pasted (value + input event) instead of typed. */
const TYPE_LIMIT = 2_000;
/** A case that has not answered after this long is a hang. */
const HANG_MS = 10_000;
/** Fail only beyond this multiple of a case's budget (see the header). */
const SLACK = 5;
/** Text put in between cases so every case's answer is a visible change of the list. */
const SENTINEL = 'apiVersion: v1\nkind: PodlabE2ESentinel\n';

/** Cases where Chromium itself, not podlab, needs more than the budget. reliability.md §8 A9 asks
 *  that a 3 MiB paste stays in the editor ("typing is not blocked; the text stays in the
 *  editor"), and a <textarea> holding 3 MiB costs Chromium 200-980 ms of layout with no app on the
 *  page at all (measured in the same run, below: a bare textarea given the same text). For these
 *  the budget applies to podlab's own work: the input handler, the debounced check and its
 *  render, and the time from the textarea's layout to the answer; the longest task and the
 *  bare textarea's cost are printed side by side. (Before the editor showed
 *  oversize text plainly, the overlay laid out 3 MiB of spans too: 0.2-2.1 s.) */
const BROWSER_BOUND = new Set(['A9b']);

function inputOf(c) {
  return c.input.map((p) => ('text' in p ? p.text : p.repeat.repeat(p.times))).join('');
}

/** Installed before the app loads: collects long tasks, and long animation frames (which also
 *  count the style and layout work a task leaves for the next frame). */
function observeLongTasks() {
  window.__longtasks = [];
  window.__frames = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__frames.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'long-animation-frame', buffered: true });
  }
}

let browser, server, page;
const timings = [];

async function freshPage() {
  if (page) await page.context().close();
  page = await openApp(browser, server.url, { init: observeLongTasks });
}

/** Puts `text` in the editor as a learner would (typed), or as a paste for long inputs. */
async function enter(text) {
  const ed = page.getByTestId('editor');
  if (text.length <= TYPE_LIMIT) {
    await ed.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    if (text !== '') await page.keyboard.insertText(text);
    return 'typed';
  }
  await ed.evaluate((ta, t) => {
    ta.focus();
    ta.value = t;
    // The input handlers run synchronously inside dispatchEvent: that is the app's own work.
    const t0 = performance.now();
    ta.dispatchEvent(new Event('input', { bubbles: true }));
    window.__watch.handlerMs = performance.now() - t0;
  }, text);
  return 'pasted';
}

/** Starts watching: the time of the last input event, and when the list stops showing the
 *  sentinel's diagnostic (the answer for the new text). */
async function arm() {
  await page.evaluate(() => {
    const list = document.querySelector('[data-testid=diagnostics]');
    const w = { lastInput: 0, settled: 0, answered: 0, longtasksFrom: window.__longtasks.length, framesFrom: window.__frames.length };
    window.__watch = w;
    // After each input: when the page has rendered the next frame (so the editor's own work
    // for the keystroke or paste, including style and layout, is done).
    w.onInput = () => {
      const at = performance.now();
      w.lastInput = at;
      requestAnimationFrame(() => setTimeout(() => { if (w.lastInput === at) w.settled = performance.now(); }));
    };
    document.addEventListener('input', w.onInput, true);
    w.mo = new MutationObserver(() => {
      if (!w.answered && !list.textContent.includes('PodlabE2ESentinel')) w.answered = performance.now();
    });
    w.mo.observe(list, { subtree: true, childList: true, characterData: true });
  });
}

/** Waits for the answer (or gives up at HANG_MS) and returns the measurements. */
async function measure() {
  const waited = page.evaluate(async ({ hangMs, debounceMs }) => {
    const w = window.__watch;
    const start = performance.now();
    while (!w.answered && performance.now() - start < hangMs) await new Promise((r) => setTimeout(r, 10));
    // Long-task entries are delivered after the task; give them a moment.
    await new Promise((r) => setTimeout(r, 120));
    w.mo.disconnect();
    document.removeEventListener('input', w.onInput, true);
    while (!w.settled && performance.now() - start < hangMs) await new Promise((r) => setTimeout(r, 10));
    // Long-animation-frame entries of a slow frame can come a little later still.
    if (window.__longtasks.length > w.longtasksFrom) await new Promise((r) => setTimeout(r, 300));
    const tasks = window.__longtasks.slice(w.longtasksFrom);
    const frames = window.__frames.slice(w.framesFrom);
    const longest = (ts) => ts.reduce((m, t) => Math.max(m, t.duration), 0);
    // Tasks that began before the debounce timer could fire belong to the input itself (the
    // editor re-rendering its overlay and gutter); the later ones to the check and its render.
    const checkFrom = w.lastInput + debounceMs;
    return {
      answered: w.answered !== 0,
      answerMs: w.answered ? w.answered - w.lastInput - debounceMs : null,
      longest: longest(tasks),
      longTasks: tasks.length,
      inputMs: w.settled ? w.settled - w.lastInput : null,
      handlerMs: w.handlerMs ?? null,
      // From when the debounce could fire and the input's frame was drawn, to the answer.
      answerAfterLayoutMs: w.answered && w.settled ? Math.max(0, w.answered - Math.max(w.lastInput + debounceMs, w.settled)) : null,
      longestFrame: longest(frames),
      inputTask: longest(tasks.filter((t) => t.start < checkFrom)),
      checkTask: longest(tasks.filter((t) => t.start >= checkFrom)),
      overlaySpans: document.querySelectorAll('.pl-ed__overlay span').length,
    };
  }, { hangMs: HANG_MS, debounceMs: DEBOUNCE_MS });
  return withHangGuard(waited, 'waiting for the answer');
}

/** Chromium's own cost of `text` in a textarea: the longest task or frame when a bare
 *  textarea (no app code, no listeners) is given the text, passed in the same way as a paste. */
async function bareTextareaMs(text) {
  const from = await page.evaluate(() => ({ tasks: window.__longtasks.length, frames: window.__frames.length }));
  await page.evaluate((t) => new Promise((done) => {
    const ta = document.createElement('textarea');
    ta.className = 'pl-ed__input';
    ta.setAttribute('wrap', 'off');
    document.body.append(ta);
    ta.value = t;
    requestAnimationFrame(() => setTimeout(() => { ta.remove(); done(); }));
  }), text);
  await page.waitForTimeout(300); // long-task entries arrive after the task
  return page.evaluate((from) => Math.max(0, ...window.__longtasks.slice(from.tasks).map((t) => t.duration), ...window.__frames.slice(from.frames).map((t) => t.duration)), from);
}

/** A wasm loop blocks the page's main thread, so a call into the page would never return. */
function withHangGuard(promise, what) {
  let timer;
  const hang = new Promise((_, no) => { timer = setTimeout(() => no(new Error(`${what}: nothing within ${HANG_MS + 5000} ms, the page hangs`)), HANG_MS + 5000); });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

/** The listed diagnostics: { sev, where, msg }. */
function listed() {
  return page.getByTestId('diagnostics').locator('li.pl-diag').evaluateAll((lis) => lis.map((li) => ({
    sev: li.querySelector('.pl-diag__sev')?.textContent ?? '',
    where: li.querySelector('.pl-diag__where')?.textContent ?? '',
    msg: li.querySelector('.pl-diag__msg')?.textContent ?? '',
  })));
}

before(async () => {
  const dist = distDir();
  browser = await launch();
  server = await serve(dist, '/');
  await freshPage();
});
after(async () => {
  if (timings.length) {
    console.log(`hostile.json in Chromium (${timings.length} cases): input→next frame = the editor's own work for the input; answer = last input → list updated, minus the ${DEBOUNCE_MS} ms debounce; longest frame = longest long animation frame (0: none over 50 ms); longest = longest long task (0: none over 50 ms), split into those starting before the debounce fired (input: the editor's own re-render) and after (check: admission + re-render with the marks)`);
    for (const t of timings) {
      console.log(`  ${t.id.padEnd(5)} ${t.how.padEnd(6)} ${String(t.chars).padStart(8)} chars  input→next frame ${t.inputMs === null ? '   -' : t.inputMs.toFixed(0).padStart(4)} ms  answer ${t.answerMs === null ? '   -' : t.answerMs.toFixed(0).padStart(4)} ms  longest frame ${t.longestFrame.toFixed(0).padStart(4)} ms  longest task ${t.longest.toFixed(0).padStart(4)} ms (input ${t.inputTask.toFixed(0).padStart(3)}, check ${t.checkTask.toFixed(0).padStart(3)}; ${t.longTasks} long)  overlay spans ${String(t.overlaySpans).padStart(6)}  budget ${t.budget} ms${t.bareMs !== undefined ? `  (browser-bound: handler ${t.handlerMs?.toFixed(0)} ms, answer after layout ${t.answerAfterLayoutMs?.toFixed(0)} ms, bare textarea ${t.bareMs.toFixed(0)} ms)` : ''}${t.over ? '  OVER BUDGET' : ''}`);
    }
    const over = timings.filter((t) => t.over).map((t) => t.id);
    console.log(over.length ? `  over budget (within ${SLACK}x): ${over.join(', ')}` : '  every case within its budget');
  }
  await page?.context().close();
  await browser?.close();
  await server?.close();
});

for (const c of cases) {
  test(`${c.id} ${c.title}: ${c.expect}${c.contains.length ? ` (${c.contains[0].slice(0, 60)})` : ''}`, async (t) => {
    const text = inputOf(c);
    // Every case starts from the sentinel's diagnostic, so its own answer is a visible change.
    await enter(SENTINEL);
    await page.getByTestId('diagnostics').getByText(/PodlabE2ESentinel/).first().waitFor({ timeout: HANG_MS });
    await arm();
    let how, m;
    try {
      how = await withHangGuard(enter(text), 'entering the text');
      m = await measure();
    } catch (e) {
      await freshPage(); // do not let one hung page fail every later case
      throw e;
    }
    const budget = c.budget_ms;
    let worst = Math.max(m.longest, m.answerMs ?? Infinity);
    if (BROWSER_BOUND.has(c.id)) {
      m.bareMs = await bareTextareaMs(text);
      // Not \`m.longest - m.bareMs\`: Chromium's layout of 3 MiB varies 200-460 ms run to run on
      // this machine (same page, same text), so the difference is noise; it is reported below.
      worst = Math.max(m.handlerMs ?? Infinity, m.checkTask, m.answerAfterLayoutMs ?? Infinity);
    }
    timings.push({ id: c.id, how, chars: text.length, budget, ...m, over: worst > budget });
    assert.ok(m.answered, `${c.id}: the diagnostics list never changed after the input`);

    // Nothing broke.
    assert.equal(await page.evaluate(() => typeof window.__pwned), 'undefined');
    assert.equal(await page.getByTestId('crash').count(), 0, 'the crash notice is shown');
    // reliability.md §5.4's session crash marker (none is written today: src/main.rs only shows
    // the notice; this keeps any future marker honest).
    assert.deepEqual(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => /crash|pending/i.test(k))), []);
    const seen = await problems(page);
    if (seen.length) await freshPage();
    assert.deepEqual(seen, [], 'page errors, console errors or CSP violations');
    // Nothing lost: the editor holds what was entered (as a textarea normalises line breaks).
    const want = text.replace(/\r\n?/g, '\n');
    const have = await page.getByTestId('editor').inputValue();
    if (have !== want) {
      let i = 0;
      while (i < have.length && have[i] === want[i]) i++;
      assert.fail(`the editor text changed: ${have.length} UTF-16 units, expected ${want.length}; first difference at ${i}: ${JSON.stringify(have.slice(i, i + 20))} instead of ${JSON.stringify(want.slice(i, i + 20))}`);
    }

    // The answer.
    const all = await listed();
    const show = JSON.stringify(all.map((d) => ({ ...d, msg: d.msg.slice(0, 300) })), null, 1);
    const errors = all.filter((d) => d.sev === 'error');
    const sev = { error: 'error', warning: 'warning' }[c.expect];
    if (c.expect === 'accept') {
      assert.deepEqual(errors, [], `${c.id} must be accepted`);
    } else if (c.expect === 'warning') {
      assert.deepEqual(errors, [], `${c.id} is accepted with a warning, not refused`);
      assert.ok(all.some((d) => d.sev === 'warning'), `${c.id}: no warning listed: ${show}`);
    } else {
      assert.ok(errors.length > 0, `${c.id}: no error listed: ${show}`);
    }
    for (const s of c.contains) {
      assert.ok(all.some((d) => d.sev === sev && d.msg.includes(s)), `${c.id}: no ${sev} containing ${JSON.stringify(s)} in ${show}`);
    }
    if (c.line !== undefined && c.contains.length) {
      const first = all.find((d) => d.sev === sev && d.msg.includes(c.contains[0]));
      const where = c.column !== undefined ? `Line ${c.line}, column ${c.column}` : `Line ${c.line},`;
      assert.ok(first.where.startsWith(where), `${c.id}: "${first.where}" should start with "${where}"`);
      assert.ok(await page.locator(`.pl-ed__num--err[data-line="${c.line}"]`).count() === 1, `${c.id}: gutter line ${c.line} is not marked`);
    }
    // A huge value is never put whole into the list or a gutter tooltip (reliability.md A10).
    const longest = await page.evaluate(() => Math.max(0,
      ...[...document.querySelectorAll('[data-testid=diagnostics] li')].map((li) => li.textContent.length),
      ...[...document.querySelectorAll('.pl-ed__num[title]')].map((n) => n.title.length)));
    assert.ok(longest < 4_000, `${c.id}: a diagnostic of ${longest} characters reached the DOM`);

    // Time: fail only on a gross overrun (the numbers are printed at the end). A known UI gap
    // keeps its failing assertion visible as a todo.
    await t.test(`${c.id} answers within ${SLACK}x its ${budget} ms budget${BROWSER_BOUND.has(c.id) ? " (podlab's own work; Chromium's textarea layout measured apart)" : ''}`, () => {
      const own = BROWSER_BOUND.has(c.id) ? `; input handler ${m.handlerMs?.toFixed(0)} ms, answer after layout ${m.answerAfterLayoutMs?.toFixed(0)} ms, a bare textarea with the same text ${m.bareMs.toFixed(0)} ms` : '';
      assert.ok(worst <= SLACK * budget, `${c.id}: answer ${m.answerMs?.toFixed(0)} ms, longest task ${m.longest.toFixed(0)} ms (input ${m.inputTask.toFixed(0)}, check ${m.checkTask.toFixed(0)})${own}: more than ${SLACK}x the ${budget} ms budget`);
    });
  });
}
