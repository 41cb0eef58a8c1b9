// The curriculum in the page (issue 8's UI part), end to end on the release bundle: lessons are
// routed through the address (`#/lesson/<slug>`, a reload lands on the same lesson), an
// example loads into the editor and runs on the simulated node, a refused example shows the API
// server's message, a predict-then-run question compares the guess with the STATUS sequence,
// an exercise is checked on the simulation (unmet parts explained) and solved by typing the
// solution, the progress survives a reload, and it moves to a fresh browser by export/import.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { distDir, launch, openApp, outDir, problems, serve, shot, typeInEditor } from './harness.mjs';

// The solution of lesson 1's exercise, typed as a learner would (not loaded from the lesson).
const ADD_INIT = `apiVersion: v1
kind: Pod
metadata:
  name: prep
spec:
  initContainers:
  - name: setup
    image: busybox:1.36
    command: ["sh", "-c", "echo setting up"]
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 80
`;

let browser, server;
before(async () => {
  browser = await launch();
  server = await serve(distDir(), '/');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const lesson = (page) => page.getByTestId('lesson');
const heading = (page, name) => lesson(page).getByRole('heading', { level: 1, name }).waitFor();
const exercise = (page, id) => page.locator(`[data-testid=exercise][data-exercise="${id}"]`);
const example = (page, id) => page.locator(`[data-testid=example][data-example="${id}"]`).first();

test('lessons follow the address: next, the list, back, and a reload lands on the same lesson', async () => {
  const page = await openApp(browser, `${server.url}#/lesson/01-mental-model`);
  await heading(page, 'The preparation crew');
  await page.getByTestId('lesson-nav').getByText('Lesson 1 of 16').waitFor();
  assert.equal(await page.getByTestId('lesson-prev').count(), 0, 'no previous lesson before the first');
  await page.getByTestId('lesson-next').click();
  await heading(page, 'One at a time, to completion');
  assert.match(page.url(), /#\/lesson\/02-sequential$/);
  await page.reload();
  await page.getByTestId('editor').waitFor();
  await heading(page, 'One at a time, to completion');
  // The list, grouped by part, opens any lesson.
  await page.getByTestId('lesson-list').click();
  await shot(page, 'curriculum-lesson-list');
  await page.getByTestId('lesson-nav').getByRole('link', { name: /Twenty myths, run/ }).click();
  await heading(page, 'Twenty myths, run');
  await page.getByTestId('lesson-nav').getByText('Lesson 16 of 16').waitFor();
  assert.equal(await page.getByTestId('lesson-next').count(), 0, 'no next lesson after the last');
  await page.goBack();
  await heading(page, 'One at a time, to completion');
  // A link inside a lesson's prose is an in-app route too.
  await lesson(page).getByRole('link', { name: 'failure' }).first().click();
  await heading(page, 'Failure under each restartPolicy');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('an example loads into the editor and runs on the simulated node; a refused one shows the API server', async () => {
  const page = await openApp(browser, `${server.url}#/lesson/01-mental-model`);
  await heading(page, 'The preparation crew');
  const first = example(page, 'first');
  await first.getByTestId('example-load').click();
  const text = await page.getByTestId('editor').inputValue();
  assert.match(text, /name: pod-with-init-container/);
  assert.equal(await page.getByTestId('pod-row').count(), 0, 'Load does not run');
  await first.getByTestId('example-run').click();
  await page.getByTestId('pod-row').filter({ hasText: 'pod-with-init-container' }).waitFor();
  await first.getByTestId('example-result').getByText('Running: watch the simulated node.').waitFor();
  // What the lesson says to watch for is checked on this very run.
  await first.getByText(/What this run shows \(5\)/).click();
  assert.equal(await first.locator('.pl-check--fail').count(), 0);
  assert.equal(await first.locator('.pl-check--pass').count(), 5);

  // Lesson 10's probe example is refused, with the API server's words.
  await page.evaluate(() => { location.hash = '#/lesson/10-no-probes-no-hooks'; });
  await heading(page, 'No probes, no lifecycle hooks');
  const probe = example(page, 'probe');
  await probe.getByTestId('example-run').click();
  await probe.getByTestId('example-result').getByText(/may not be set for init containers without restartPolicy=Always/).waitFor();
  await page.getByTestId('diagnostics').getByText(/may not be set for init containers/).first().waitFor();
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('predict, then run: the guess is compared with the STATUS sequence the pod showed', async () => {
  const page = await openApp(browser, `${server.url}#/lesson/02-sequential`);
  await heading(page, 'One at a time, to completion');
  const q = page.getByTestId('predict').first();
  assert.ok(await q.getByTestId('predict-run').isDisabled(), 'run is offered only after a guess');
  await q.getByLabel('Init:0/2 → Init:1/2 → Init:2/2 → Running', { exact: true }).check();
  await q.getByTestId('predict-run').click();
  await q.getByText('✗ Not this time.').waitFor();
  const seen = await q.getByTestId('predict-observed').textContent();
  assert.match(seen, /Init:0\/2 → Init:1\/2 → .*Running/);
  assert.doesNotMatch(seen, /Init:2\/2/);
  await q.getByLabel('Init:0/2 → Init:1/2 → Running', { exact: true }).check();
  await q.getByTestId('predict-run').click();
  await q.getByText('✓ Right.').waitFor();
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('an exercise: starter, a check that explains, a hint, the typed solution solves it, and a reload keeps it', async () => {
  const page = await openApp(browser, `${server.url}#/lesson/01-mental-model`);
  await heading(page, 'The preparation crew');
  const ex = exercise(page, 'add-init');
  await ex.getByTestId('exercise-starter').click();
  assert.match(await page.getByTestId('editor').inputValue(), /name: prep\n/);
  assert.doesNotMatch(await page.getByTestId('editor').inputValue(), /initContainers/);
  await ex.getByTestId('exercise-check').click();
  const verdict = ex.getByTestId('exercise-verdict');
  await verdict.getByText(/Not yet: \d of 4 parts of the goal are met\./).waitFor();
  assert.ok(await verdict.locator('.pl-check--fail .pl-check__why').count() >= 1, 'unmet parts come with an explanation');
  await ex.getByTestId('exercise-hint').click();
  await ex.getByText('Init containers go in spec.initContainers', { exact: false }).waitFor();
  await shot(page, 'curriculum-exercise-not-yet');

  await typeInEditor(page, ADD_INIT);
  await ex.getByTestId('exercise-check').click();
  await verdict.getByText('Solved: every part of the goal is met.').waitFor();
  await ex.getByTestId('exercise-solved').waitFor();
  await shot(page, 'curriculum-exercise-solved');
  assert.equal(await verdict.locator('.pl-check--pass').count(), 4);
  // The check ran the learner's manifest in the lab: the pod is on the simulated node.
  await page.getByTestId('pod-row').filter({ hasText: 'prep' }).waitFor();
  await page.getByTestId('lesson-list').filter({ hasText: 'All lessons (1 of 16 done)' }).waitFor();
  await page.waitForTimeout(400); // past the editor's save debounce

  await page.reload();
  await page.getByTestId('editor').waitFor();
  await heading(page, 'The preparation crew');
  await exercise(page, 'add-init').getByTestId('exercise-solved').waitFor();
  await exercise(page, 'add-init').getByText('Init containers go in spec.initContainers', { exact: false }).waitFor();
  await page.getByTestId('lesson-list').filter({ hasText: 'All lessons (1 of 16 done)' }).waitFor();
  await page.getByTestId('progress-summary').filter({ hasText: '1 of 16 lessons done, 1 exercise solved.' }).waitFor();
  assert.equal(await page.getByTestId('editor').inputValue(), ADD_INIT);
  assert.equal(await exercise(page, 'add-init').getByTestId('exercise-starter').textContent(), 'Load your draft');
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('podlab:v1:progress:course')));
  assert.equal(stored.schema, 1);
  assert.equal(stored.data.exercises['01-mental-model#add-init'].draft, ADD_INIT);
  assert.deepEqual(await problems(page), []);

  // Export to a file, import it into a fresh browser profile: the progress moves with it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('progress-export').click()]);
  assert.match(download.suggestedFilename(), /^podlab-progress-\d{4}-\d{2}-\d{2}\.json$/);
  const file = join(outDir, 'exported-progress.json');
  await download.saveAs(file);
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(exported.format, 'podlab-progress');
  assert.deepEqual(exported.data.completedLessons, ['01-mental-model']);
  await page.context().close();

  const fresh = await openApp(browser, `${server.url}#/lesson/01-mental-model`);
  await fresh.getByTestId('progress-summary').filter({ hasText: '0 of 16 lessons done, 0 exercises solved.' }).waitFor();
  await fresh.getByTestId('progress-import-file').setInputFiles(file);
  await fresh.getByTestId('progress-note').filter({ hasText: 'Imported: 1 completed lesson, 1 solved exercise.' }).waitFor();
  await exercise(fresh, 'add-init').getByTestId('exercise-solved').waitFor();
  // Not a progress file: refused with a reason, nothing changes.
  await fresh.getByTestId('progress-import-file').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('[1,2]') });
  await fresh.getByTestId('progress-note').filter({ hasText: /Not imported: this is not a podlab progress file/ }).waitFor();
  await fresh.getByTestId('progress-summary').filter({ hasText: '1 of 16 lessons done, 1 exercise solved.' }).waitFor();
  assert.deepEqual(await problems(fresh), []);
  await fresh.context().close();
});

test('screenshots of a lesson with an exercise: light and dark, wide and narrow', async () => {
  for (const colorScheme of ['light', 'dark']) {
    for (const [w, h, name] of [[1440, 900, 'wide'], [390, 844, 'narrow']]) {
      const page = await openApp(browser, `${server.url}#/lesson/02-sequential`, { colorScheme, viewport: { width: w, height: h } });
      await heading(page, 'One at a time, to completion');
      const ex = exercise(page, 'order-matters');
      await ex.getByTestId('exercise-starter').click();
      await ex.getByTestId('exercise-check').click();
      await ex.getByTestId('exercise-verdict').getByText(/Not yet/).waitFor();
      await ex.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(outDir, `curriculum-${name}-${colorScheme}.png`) });
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name}: sideways scroll`);
      assert.deepEqual(await problems(page), []);
      await page.context().close();
    }
  }
});

test("learner text echoed in a check's explanation stays text", async () => {
  const page = await openApp(browser, `${server.url}#/lesson/01-mental-model`);
  await heading(page, 'The preparation crew');
  await typeInEditor(page, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "<img src=x onerror=window.__pwned=1>"\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n');
  const ex = exercise(page, 'add-init');
  await ex.getByTestId('exercise-check').click();
  const verdict = ex.getByTestId('exercise-verdict');
  await verdict.getByText('Not yet: the API server refused the manifest.').waitFor();
  assert.match(await verdict.textContent(), /<img src=x onerror=window.__pwned=1>/);
  assert.equal(await verdict.locator('img').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});
