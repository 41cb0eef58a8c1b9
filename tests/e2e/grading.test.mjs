// Exercises that grade like a teacher (issue 14), end to end on the release bundle, as a
// learner: a wrong answer shows the goal clause it misses and where its own run went another
// way, the "Show me" button moves the playhead (clock and scrubber) to that moment, and a
// correct answer written differently from the lesson's ends with a debrief of that run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { distDir, launch, openApp, outDir, problems, serve, shot, typeInEditor } from './harness.mjs';

// Lesson 05's exercise, answered with an init container that checks once instead of waiting,
// and on a name that does not resolve: it exits 1 (`nc: bad address 'mydb'`) and crash-loops.
const WAIT_ONCE = `apiVersion: v1
kind: Pod
metadata:
  name: orders
spec:
  initContainers:
  - name: init-db
    image: busybox:1.36
    command: ["sh", "-c", "nc -z mydb 5432"]
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "if nc -z db-service 5432; then echo database is up; sleep 3600; else echo database is down; exit 1; fi"]
`;

// Lesson 07's warm-the-cache, solved with another init container name than the lesson's.
const SEED_CACHE = `apiVersion: v1
kind: Pod
metadata:
  name: warm
spec:
  volumes:
  - name: cache
    emptyDir: {}
  initContainers:
  - name: seed-cache
    image: busybox:1.36
    command: ["sh", "-c", "seq 1 100 > /seed/items.txt"]
    volumeMounts:
    - name: cache
      mountPath: /seed
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo serving from $(cat /var/cache/app/items.txt | wc -l) cached items; sleep 3600"]
    volumeMounts:
    - name: cache
      mountPath: /var/cache/app
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

// The lesson pane scrolls on its own: bring `el` into its view, then take the viewport.
async function view(page, el, name) {
  await el.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(outDir, `${name}.png`) });
}

const exercise = (page, id) => page.locator(`[data-testid=exercise][data-exercise="${id}"]`);

test('a wrong answer shows its clause and the jump button moves the playhead to where the run diverged', async () => {
  const page = await openApp(browser, `${server.url}#/lesson/05-waiting-for-services`);
  const ex = exercise(page, 'wait-for-db');
  await ex.waitFor();
  // The goal is written as clauses.
  await ex.getByText('An init container waits until db-service accepts connections on 5432', { exact: false }).first().waitFor();
  await typeInEditor(page, WAIT_ONCE);
  await ex.getByTestId('exercise-check').click();
  const verdict = ex.getByTestId('exercise-verdict');
  await verdict.getByText(/Not yet: \d of 6 parts of the goal are met\./).waitFor();

  // The first unmet clause, in plain words, with the moment of this run.
  const failed = verdict.locator('[data-testid=exercise-result].pl-check--fail').first();
  assert.equal(
    (await failed.getByTestId('exercise-clause').textContent()).trim(),
    'An init container waits until db-service accepts connections on 5432, and finishes before app starts.',
  );
  const moment = await failed.getByTestId('exercise-moment').textContent();
  assert.match(moment, /^Where it went another way: at \d+\.\d s init-db exited 1: nc: bad address 'mydb'\.$/);
  // Names and the log line show as code, as text nodes (the learner's own words).
  assert.deepEqual(await failed.getByTestId('exercise-moment').locator('code').allTextContents(), ['init-db', "nc: bad address 'mydb'"]);
  const secs = moment.match(/at (\d+\.\d) s/)[1];

  // The check played the run: let it go on past the moment, then jump back to it.
  const scrub = page.getByTestId('scrub');
  await page.waitForFunction(
    (s) => Number(document.querySelector('[data-testid=scrub]').value) > Number(s) + 5,
    secs,
    { timeout: 30_000 },
  );
  const jump = failed.getByTestId('exercise-jump');
  assert.equal(await jump.textContent(), `Show me ${secs} s`);
  await jump.click();
  assert.equal(Number(await scrub.inputValue()), Number(secs), 'the scrubber is at the divergence');
  assert.match(await page.getByTestId('clock').textContent(), new RegExp(`${secs.replace('.', '\\.')}`));
  assert.equal(await page.getByTestId('pause').isDisabled(), true, 'and playback is paused there');
  // The stage shows that moment: the init container has just failed.
  await page.getByTestId('pod-row').filter({ hasText: 'orders' }).filter({ hasText: /Init:Error/ }).waitFor();
  await shot(page, 'grading-jump-to-divergence');
  await view(page, failed, 'grading-verdict-wrong');
  // Stays there (paused) rather than drifting on.
  await page.waitForTimeout(1200);
  assert.equal(Number(await scrub.inputValue()), Number(secs));
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a correct answer written another way passes and ends with a debrief of its own run', async () => {
  const page = await openApp(browser, `${server.url}#/lesson/07-migrations-and-warmup`);
  const ex = exercise(page, 'warm-the-cache');
  await ex.waitFor();
  await typeInEditor(page, SEED_CACHE);
  await ex.getByTestId('exercise-check').click();
  const verdict = ex.getByTestId('exercise-verdict');
  await verdict.getByText('Solved: every part of the goal is met.').waitFor();
  const debrief = verdict.getByTestId('exercise-debrief');
  await debrief.waitFor();
  const text = await debrief.textContent();
  assert.match(text, /seed-cache \(init container\) started at \d+\.\d s and exited 0 at/);
  assert.match(text, /Pod warm reached phase Running at/);
  assert.equal(await verdict.getByTestId('exercise-jump').count(), 0, 'nothing to jump to on a pass');
  await shot(page, 'grading-debrief');
  await view(page, debrief, 'grading-verdict-debrief');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a practice drill from a seed in the address shows the same question twice, and grades a prediction against its run', async () => {
  const url = `${server.url}?drill=4242#/lesson/01-mental-model`;
  const seen = [];
  for (let i = 0; i < 2; i++) {
    const page = await openApp(browser, url);
    const practice = page.getByTestId('practice');
    await practice.getByTestId('practice-question').waitFor();
    seen.push({
      question: await practice.getByTestId('practice-question').textContent(),
      yaml: await practice.getByTestId('practice-yaml').textContent(),
      choices: await practice.getByTestId('practice-choice').allTextContents(),
    });
    if (i === 1) {
      // Predict (the first choice), run, and read the verdict the run gives.
      await practice.getByTestId('practice-choice').first().locator('input').check();
      await practice.getByTestId('practice-check').click();
      const result = practice.getByTestId('practice-result');
      await result.getByText(/✓ Right\.|✗ Not this time\./).waitFor();
      const actual = await result.getByTestId('practice-actual').textContent();
      assert.ok(seen[0].choices.includes(actual), `${actual} is one of the choices`);
      // The drill's pod is now in the lab.
      assert.match(await page.getByTestId('editor').inputValue(), /name: drill-/);
      await shot(page, 'grading-practice-drill');
      await view(page, result, 'grading-practice-card');
      // Another drill changes the seed in the address.
      await practice.getByTestId('practice-new').click();
      await page.waitForFunction(() => !location.search.includes('drill=4242') && /drill=\d+/.test(location.search));
      assert.match(page.url(), /#\/lesson\/01-mental-model$/, 'the lesson route is kept');
      assert.deepEqual(await problems(page), []);
    }
    await page.context().close();
  }
  assert.ok(seen[0].question.length > 20, seen[0].question);
  assert.deepEqual(seen[1], seen[0], 'the same seed gives the same drill');
});
