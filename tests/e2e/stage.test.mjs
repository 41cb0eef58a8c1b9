// The stage (issue 18), end to end on the release bundle: after Run on a lesson example or
// Apply in the editor the clock, the pod's STATUS and the drawing are in view at every laptop
// size without scrolling (on a phone after Run's own scroll, with one tap back to the lesson);
// lesson 1's first example stops at its settle point; a file an init container writes is on
// the stage's volume at the instant it is written and is marked with its reader from the
// reader's first read (not before); a crash loop shows its restart counter and
// a draining back-off. Screenshots of each size (light and dark), the presenter view at
// 1920x1080 and a crash loop mid-back-off go to tests/e2e/out/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyAndPause, distDir, inViewport, launch, openApp, outDir, problems, scrubTo, serve, shot } from './harness.mjs';

let browser, server;
before(async () => {
  browser = await launch();
  server = await serve(distDir(), '/');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const SIZES = [[1280, 720], [1366, 768], [1440, 900], [390, 844]];

/** Seconds on the clock (`19.0s`, `1m05.3s`). */
const clockSecs = (text) => {
  const m = /^(?:(\d+)m)?(\d+(?:\.\d+)?)s$/.exec(text.trim());
  assert.ok(m, `clock reads ${text}`);
  return Number(m[1] || 0) * 60 + Number(m[2]);
};

async function runInView(page, what) {
  for (const id of ['clock', 'pod-status', 'stage']) {
    const loc = page.getByTestId(id).first();
    await loc.waitFor();
    assert.ok(await inViewport(page, loc), `${what}: ${id} is not in the viewport (${JSON.stringify(await loc.boundingBox())}, viewport ${JSON.stringify(page.viewportSize())})`);
  }
}

for (const [w, h] of SIZES) {
  test(`${w}x${h}: after Run on a lesson example and after Apply, the clock, STATUS and stage are in view`, async () => {
    for (const colorScheme of ['light', 'dark']) {
      const page = await openApp(browser, `${server.url}#/lesson/04-sharing-emptydir`, { colorScheme, viewport: { width: w, height: h } });
      await page.getByTestId('lesson').getByRole('heading').first().waitFor();
      // Read down to the first example, as a learner would, and press its Run.
      const example = page.getByTestId('example').first();
      await example.scrollIntoViewIfNeeded();
      const lessonY = await page.evaluate(() => window.scrollY);
      await example.getByTestId('example-run').click();
      await page.getByTestId('stage-pod').first().waitFor();
      await page.waitForTimeout(400); // Run's own smooth scroll on a phone
      await runInView(page, `Run at ${w}x${h}`);
      if (w < 760) {
        await page.screenshot({ path: `${(await import('./harness.mjs')).outDir}/stage-${w}x${h}-${colorScheme}-run.png` });
        // One tap returns to the same place in the lesson.
        const back = page.getByTestId('back-to-lesson');
        await back.click();
        await page.waitForTimeout(200);
        assert.ok(Math.abs((await page.evaluate(() => window.scrollY)) - lessonY) < 4, 'back to the lesson, at the same place');
        assert.ok(await inViewport(page, example), 'the example is in view again');
      } else {
        assert.equal(await page.getByTestId('back-to-lesson').count(), 0, 'nothing scrolled on a wide screen');
      }
      await page.waitForTimeout(1500);
      await page.screenshot({ path: `${(await import('./harness.mjs')).outDir}/stage-${w}x${h}-${colorScheme}.png` });
      // Apply in the editor: the same.
      await page.getByTestId('apply').click();
      await page.waitForTimeout(400);
      await runInView(page, `Apply at ${w}x${h}`);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'sideways scroll');
      assert.deepEqual(await problems(page), []);
      await page.context().close();
    }
  });
}

test("lesson 1's first example stops at its settle point, with the clock under a minute, and can keep playing", async () => {
  const page = await openApp(browser, `${server.url}#/lesson/01-mental-model`);
  const example = page.locator('[data-testid=example][data-example=first]');
  await example.getByTestId('example-run').click();
  const note = page.getByTestId('settled');
  await note.waitFor({ timeout: 30_000 });
  assert.match(await note.textContent(), /Nothing changes after \d+(\.\d)? s\./);
  const t = clockSecs(await page.getByTestId('clock').textContent());
  assert.ok(t > 10 && t < 60, `stopped at ${t}s`);
  assert.equal(await page.getByTestId('pod-status').first().textContent(), 'Running');
  // AGE reads as kubectl would just after the last change, not 30 minutes on.
  const age = await page.getByTestId('pod-row').first().locator('td').nth(4).textContent();
  assert.match(age, /^\d+s$/, age);
  assert.ok(await page.getByTestId('pause').isDisabled(), 'paused at the settle point');
  await page.waitForTimeout(800);
  assert.equal(clockSecs(await page.getByTestId('clock').textContent()), t, 'the clock stays put');
  await page.getByTestId('keep-playing').click();
  await page.waitForFunction((t0) => {
    const m = /^(?:(\d+)m)?(\d+(?:\.\d+)?)s$/.exec(document.querySelector('[data-testid=clock]').textContent.trim());
    return m && Number(m[1] || 0) * 60 + Number(m[2]) > t0 + 1;
  }, t);
  assert.equal(await page.getByTestId('settled').count(), 0, 'the note goes once playing on');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

const SHELF = `apiVersion: v1
kind: Pod
metadata:
  name: shelf
spec:
  volumes:
  - name: work
    emptyDir: {}
  initContainers:
  - name: writer
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3; echo hello > /work/index.html; sleep 2"]
    volumeMounts:
    - name: work
      mountPath: /work
  containers:
  - name: web
    image: nginx:1.27
    volumeMounts:
    - name: work
      mountPath: /usr/share/nginx/html
`;

test('a file written by an init container appears on the stage volume at the instant it is written', async () => {
  const page = await openApp(browser, server.url);
  await applyAndPause(page, SHELF, 0);
  const vol = page.getByTestId('stage-volume').filter({ has: page.locator('[data-volume=work]') }).or(page.locator('[data-testid=stage-volume][data-volume=work]'));
  await vol.first().waitFor();
  const files = page.locator('[data-testid=stage-volume][data-volume=work] [data-testid=stage-file]');
  let before = null;
  for (let i = 0; i < 40 && (await files.count()) === 0; i++) {
    before = await page.getByTestId('clock').textContent();
    await page.getByTestId('step').click();
  }
  assert.equal(await files.count(), 1, 'the file never appeared');
  const at = await page.getByTestId('clock').textContent();
  assert.notEqual(at, before);
  const chip = files.first();
  assert.equal(await chip.getAttribute('data-path'), 'index.html');
  // Written by the init container, and the instant it names is the clock's.
  assert.match(await chip.textContent(), new RegExp(`by writer at ${at.replace('.', '\\.')}`));
  const writer = page.locator('[data-testid=stage-container][data-name=writer]');
  assert.equal(await writer.getAttribute('data-kind'), 'init');
  assert.equal(await writer.getAttribute('data-state'), 'running', 'written while the init container runs');
  // One step back, it is not there yet.
  await page.getByTestId('step-back').click();
  assert.equal(await files.count(), 0);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

// Lesson 4's exchange through an emptyDir, with the app waiting 4 s before its first read so
// that there is an instant where it runs but has not read the file yet.
const XCHANGE = `apiVersion: v1
kind: Pod
metadata:
  name: init-demo
spec:
  initContainers:
  - name: init-volume
    image: alpine
    command: ["/bin/sh", "-c", "echo initializing > /tmp/xchange/init.txt; sleep 3"]
    volumeMounts:
      - name: shared-data
        mountPath: "/tmp/xchange"
  containers:
  - name: main-app
    image: alpine
    command: ["/bin/sh", "-c", "ls /tmp/data; sleep 4; while true; do echo $(cat /tmp/data/init.txt); sleep 5; done"]
    volumeMounts:
      - name: shared-data
        mountPath: /tmp/data
  volumes:
  - name: shared-data
    emptyDir: {}
`;

test('the shelf marks the container that read a file from its first read, not before', async () => {
  const page = await openApp(browser, server.url, { viewport: { width: 1366, height: 768 } });
  await applyAndPause(page, XCHANGE, 0);
  const app = page.locator('[data-testid=stage-container][data-name=main-app]');
  await app.waitFor();
  // Up (running, and ready: it has no readiness probe) at the instant it starts.
  const up = async () => ['running', 'ready'].includes(await app.getAttribute('data-state'));
  for (let i = 0; i < 40 && !(await up()); i++) {
    await page.getByTestId('step').click();
  }
  assert.ok(await up(), 'main-app never ran');
  const started = clockSecs(await page.getByTestId('clock').textContent());
  const chip = page.locator('[data-testid=stage-volume][data-volume=shared-data] [data-testid=stage-file][data-path="init.txt"]');
  await chip.waitFor();
  // Running, has listed the directory (`ls` is not a read), but not yet read the file.
  assert.equal(await chip.getAttribute('data-readers'), '');
  assert.doesNotMatch(await chip.textContent(), /read by/);
  assert.equal(await chip.getByTestId('stage-file-readers').count(), 0);
  // Scrub on a tenth of a second at a time to the first instant the chip names a reader.
  const readersAt = async (secs) => {
    await scrubTo(page, secs.toFixed(1));
    await page.waitForFunction((v) => document.querySelector('[data-testid=clock]')?.textContent.startsWith(v), secs.toFixed(1));
    return chip.getAttribute('data-readers');
  };
  let t = started;
  while (t < started + 8 && (await readersAt(t)) === '') t += 0.1;
  assert.equal(await chip.getAttribute('data-readers'), 'main-app', 'never marked as read');
  assert.ok(t >= started + 2, `marked at ${t.toFixed(1)}s, before its first cat (after a 4 s sleep; up at ${started}s)`);
  // Just before that instant, not yet.
  assert.equal(await readersAt(t - 0.1), '', `already marked at ${(t - 0.1).toFixed(1)}s`);
  assert.ok(await up(), 'the app is running while it has not read the file');
  await readersAt(t);
  const text = await chip.textContent();
  const m = /read by main-app at (\d+\.\d)s/.exec(text);
  assert.ok(m, `the chip says who read it: ${text}`);
  assert.ok(Math.abs(Number(m[1]) - t) <= 0.15, `first read at ${m[1]}s, marked from ${t.toFixed(1)}s`);
  assert.match(text, /by init-volume at/, 'the writer is still named');
  // The aria-live twin says it too.
  const live = page.locator('.pl-shelf [aria-live=polite]');
  assert.match(await live.textContent(), /init\.txt on volume shared-data read by main-app at/);
  await page.locator('[data-testid=stage-volume][data-volume=shared-data]').screenshot({ path: `${outDir}/stage-shelf-read.png` });
  await shot(page, 'stage-shelf-read-page');
  // Later reads (every 5 s) change nothing: still one reader, at its first read.
  await scrubTo(page, (started + 20).toFixed(1));
  assert.equal(await chip.getAttribute('data-readers'), 'main-app');
  assert.match(await chip.textContent(), new RegExp(`read by main-app at ${m[1].replace('.', '\\.')}s`));
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

const CRASHING = `apiVersion: v1
kind: Pod
metadata:
  name: crashy
spec:
  initContainers:
  - name: init-fail
    image: busybox:1.36
    command: ["sh", "-c", "echo failing; exit 1"]
  containers:
  - name: web
    image: nginx:1.27
`;

test('a crash loop shows the restart counter, the exit code and a draining back-off countdown', async () => {
  const page = await openApp(browser, server.url, { viewport: { width: 1366, height: 768 } });
  await applyAndPause(page, CRASHING, 0);
  const box = page.locator('[data-testid=stage-container][data-name=init-fail]');
  const drain = box.getByTestId('stage-backoff');
  // The kubelet notices a crash at its next sync, so a short back-off may already have run out
  // ("restarting"): step on to one with time left.
  const counting = async () => (await drain.count()) && /restart in/.test(await drain.textContent());
  for (let i = 0; i < 80 && !(await counting()); i++) await page.getByTestId('step').click();
  assert.ok(await counting(), 'no back-off countdown');
  // Move into the back-off until the countdown is part-drained.
  const clock0 = clockSecs(await page.getByTestId('clock').textContent());
  const words0 = await drain.textContent();
  assert.match(words0, /restart in \d+\.\d s/);
  const { scrubTo } = await import('./harness.mjs');
  await scrubTo(page, (clock0 + 2).toFixed(1));
  const words1 = await drain.textContent();
  const left = (s) => Number(/restart in (\d+\.\d) s/.exec(s)?.[1] ?? 0);
  assert.ok(left(words1) < left(words0), `the countdown drains: ${words0} then ${words1}`);
  const width = await drain.locator('.pl-drain__bar').evaluate((el) => parseFloat(el.style.width));
  assert.ok(width > 0 && width < 100, `bar at ${width}%`);
  assert.equal(await box.getAttribute('data-state'), 'backoff');
  assert.match(await box.getByTestId('stage-restarts').textContent(), /↻ \d+ restarts?/);
  assert.match(await box.getByTestId('stage-exit').textContent(), /exit 1/);
  assert.equal(await page.locator('[data-testid=stage-gate]').getAttribute('aria-label'), 'Gate shut: the app containers wait until every init container has completed');
  await shot(page, 'stage-crashloop-mid-backoff');
  // Playing with idle skipping says what it skipped.
  await page.getByTestId('play').click();
  await page.getByTestId('skipped').filter({ hasText: /skipped/ }).waitFor({ timeout: 20_000 });
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('presenter view at 1920x1080: the stage across the screen, in large type', async () => {
  const page = await openApp(browser, `${server.url}?present#/lesson/02-sequential`, { viewport: { width: 1920, height: 1080 } });
  await page.getByTestId('example-run').first().click();
  await page.getByTestId('stage-pod').first().waitFor();
  await page.waitForTimeout(2500);
  const stage = await page.getByTestId('stage').boundingBox();
  assert.ok(stage.width > 1600, `stage ${stage.width}px wide`);
  const name = await page.locator('[data-testid=stage-container] .pl-ctr__name').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(name >= 28, `container names at ${name}px`);
  await runInView(page, 'presenter');
  await page.screenshot({ path: `${(await import('./harness.mjs')).outDir}/stage-presenter-1920.png` });
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});
