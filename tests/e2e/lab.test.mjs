// The interactive lab (issue 7), end to end on the release bundle: apply a manifest, play and
// watch the STATUS sequence, scrub back, read an init container's logs in the console, see a
// failing init container back off for longer each time, follow `get pods -w` / `logs -f` as the
// playhead moves, see a file appear in the Files inspector when an init container writes it and
// a restarted container's previous logs, and keep it all at interactive speed.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TWO_INITS, applyAndPause, distDir, launch, openApp, outDir, problems, repo, scrubTo, serve, shot, typeInEditor } from './harness.mjs';

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

let browser, server;
before(async () => {
  browser = await launch();
  server = await serve(distDir(), '/');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const status = (page) => page.getByTestId('pod-status').first().textContent();

/** Steps through every change of the timeline, recording the pod's STATUS and container words. */
async function stepThrough(page, max = 80) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    const clock = await page.getByTestId('clock').textContent();
    seen.push({ clock, status: await status(page), words: await page.locator('.pl-ctr__words').allTextContents() });
    if (await page.getByTestId('step').isDisabled()) break;
    await page.getByTestId('step').click();
    if ((await page.getByTestId('clock').textContent()) === clock) break; // at the end
  }
  return seen;
}


test('a pod with two init containers goes Init:0/2, Init:1/2, PodInitializing, Running; scrubbing back shows Init:0/2', async () => {
  const page = await openApp(browser, server.url);
  await applyAndPause(page, TWO_INITS);
  const seen = await stepThrough(page);
  const statuses = seen.map((s) => s.status);
  // Why a container waits, in words, while init-a runs.
  assert.ok(seen.some((s) => s.words.includes('waiting for init-a to complete')), JSON.stringify(seen.map((s) => s.words)));
  const order = ['Init:0/2', 'Init:1/2', 'PodInitializing', 'Running'].map((s) => statuses.indexOf(s));
  assert.ok(order.every((i) => i >= 0) && order.every((v, i) => i === 0 || v > order[i - 1]), `statuses seen: ${statuses}`);
  await shot(page, 'running-wide-light');
  await scrubTo(page, 1.5);
  assert.equal(await status(page), 'Init:0/2');
  // And playing gets there on its own.
  await page.getByTestId('speed').selectOption({ label: '60×' });
  await page.getByTestId('play').click();
  await page.getByTestId('pod-status').getByText('Running').waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('[data-testid=container][data-name=web]').getAttribute('data-state'), 'ready');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('every state change is also said in the aria-live region, and reduced motion stops the transitions', async () => {
  const page = await openApp(browser, server.url);
  await applyAndPause(page, TWO_INITS);
  const announcer = page.getByTestId('announcer');
  const said = [];
  for (let i = 0; i < 6; i++) {
    await page.getByTestId('step').click();
    said.push(await announcer.textContent());
  }
  const all = said.join(' | ');
  assert.match(all, /Pod two-inits: Init:0\/2/, all);
  assert.match(all, /Pod two-inits: Init:1\/2/, all);
  assert.match(all, /init-a: /, all);
  const card = page.getByTestId('container').first();
  assert.notEqual(await card.evaluate((el) => getComputedStyle(el).transitionDuration), '0s', 'cards animate state changes');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  assert.equal(await card.evaluate((el) => getComputedStyle(el).transitionDuration), '0s', 'prefers-reduced-motion: no transitions');
  await page.context().close();
});

test('kubectl logs -c <init> in the console shows the init container output', async () => {
  const page = await openApp(browser, server.url);
  await applyAndPause(page, TWO_INITS);
  await scrubTo(page, 30);
  const input = page.getByTestId('console-input');
  await input.fill('kubectl logs two-inits -c init-a');
  await input.press('Enter');
  await page.getByTestId('console-output').getByText(/^A$/m).waitFor();
  await input.fill('kubectl get pods');
  await input.press('Enter');
  await page.getByTestId('console-output').getByText(/two-inits\s+1\/1\s+Running/).waitFor();
  await page.context().close();
});

test('kubectl get pods -w and logs -f keep printing as the playhead moves, until Ctrl+C or the container exits', async () => {
  const page = await openApp(browser, server.url);
  await applyAndPause(page, TWO_INITS);
  const input = page.getByTestId('console-input');
  const out = page.getByTestId('console-output');
  const rows = async () => (await out.textContent()).split('\n').filter((l) => l.startsWith('two-inits')).map((l) => l.split(/\s+/)[2]);
  await input.fill('kubectl get pods -w');
  await input.press('Enter');
  await page.getByTestId('console-following').waitFor();
  assert.equal((await rows()).length, 1, 'the table as of now, then nothing until the playhead moves');
  // Playing prints each change once, under the table, as kubectl's watch does.
  await page.getByTestId('speed').selectOption({ label: '60×' });
  await page.getByTestId('play').click();
  await out.getByText(/two-inits\s+1\/1\s+Running/).waitFor({ timeout: 20_000 });
  // Playing may already have stopped by itself at the settle point (issue 18).
  await page.getByTestId('pause').click({ timeout: 2000 }).catch(() => {});
  const watched = await rows();
  assert.deepEqual(watched.slice(-4), ['Init:0/2', 'Init:1/2', 'PodInitializing', 'Running'], `rows: ${watched}`);
  // Scrubbing back and forward again prints nothing twice (a terminal cannot unprint).
  await scrubTo(page, 2);
  await scrubTo(page, 60);
  assert.deepEqual(await rows(), watched);
  await page.getByTestId('console-following').scrollIntoViewIfNeeded();
  await shot(page, 'console-watch-wide-light');
  // Ctrl+C ends the watch and gives the prompt back.
  await input.focus();
  await page.keyboard.press('Control+c');
  await page.getByTestId('console-following').waitFor({ state: 'detached' });
  assert.match(await out.textContent(), /\^C$/);

  // logs -f on a running init container: its output so far, then it follows until the exit.
  await scrubTo(page, 7);
  assert.equal(await status(page), 'Init:1/2');
  await input.fill('kubectl logs two-inits -c init-b -f');
  await input.press('Enter');
  await page.getByTestId('console-following').waitFor();
  assert.match(await out.textContent(), /\$ kubectl logs two-inits -c init-b -f\nB$/);
  await scrubTo(page, 30);
  await page.getByTestId('console-following').waitFor({ state: 'detached' });
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('kubectl apply -f <lesson file> in the console applies the manifest named under a lesson example', async () => {
  const page = await openApp(browser, server.url);
  const file = await page.getByTestId('lesson').getByTestId('example').first().locator('.pl-example__file').textContent();
  assert.match(file, /^[a-z0-9-]+\.yaml$/);
  const input = page.getByTestId('console-input');
  await input.fill('kubectl apply -f ' + file.slice(0, 3));
  await input.press('Tab'); // completes the file name
  assert.equal(await input.inputValue(), `kubectl apply -f ${file} `);
  await input.press('Enter');
  await page.getByTestId('console-output').getByText(/^pod\/\S+ created$/m).waitFor();
  await page.getByTestId('pod-row').first().waitFor();
  await input.fill('kubectl apply -f nope.yaml');
  await input.press('Enter');
  await page.getByTestId('console-output').getByText('error: the path "nope.yaml" does not exist').waitFor();
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

const WRITER = `apiVersion: v1
kind: Pod
metadata:
  name: writer
spec:
  volumes:
  - name: work
    emptyDir: {}
  initContainers:
  - name: fetch
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3; echo hello from init > /work/index.html"]
    volumeMounts:
    - name: work
      mountPath: /work
  - name: flaky
    image: busybox:1.36
    command: ["sh", "-c", "echo attempt at $(date +%s); test -f /work/done || { touch /work/done; exit 1; }"]
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

test('the Files inspector shows a file when the init container writes it; Logs shows the current and the previous instance', async () => {
  const page = await openApp(browser, server.url);
  await applyAndPause(page, WRITER);
  await page.getByTestId('tab-files').click();
  const files = page.getByTestId('files');
  await scrubTo(page, 2);
  // (The service-account volume's files are there from the start; the emptyDir is empty.)
  assert.doesNotMatch(await files.innerText(), /writer · work/, 'no file before the init container writes it');
  await scrubTo(page, 60);
  await files.getByText('hello from init').waitFor();
  assert.match(await files.innerText(), /writer · work\s+index\.html/);
  // Scrubbing back shows the earlier state exactly: the file is gone again.
  await scrubTo(page, 2);
  await page.waitForFunction(() => !document.querySelector('[data-testid=files]').innerText.includes('hello from init'));
  assert.doesNotMatch(await files.innerText(), /writer · work/);

  // flaky failed once (restartPolicy Always: it is run again and then succeeds).
  await scrubTo(page, 60);
  await page.getByTestId('tab-logs').click();
  await page.getByTestId('logs-container').selectOption({ label: 'writer/flaky' });
  const logs = page.getByTestId('logs');
  await logs.getByText(/attempt at \d+/).waitFor();
  const current = await logs.innerText();
  await page.getByText('previous instance').click();
  await page.waitForFunction((c) => document.querySelector('[data-testid=logs]').innerText !== c, current);
  const previous = await logs.innerText();
  assert.match(previous, /^attempt at \d+$/);
  assert.match(current, /^attempt at \d+$/);
  assert.ok(Number(previous.match(/\d+/)[0]) < Number(current.match(/\d+/)[0]), `previous ${previous}, current ${current}`);
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

const WAITING = `apiVersion: v1
kind: Pod
metadata:
  name: myapp-pod
spec:
  containers:
  - name: myapp-container
    image: busybox:1.28
    command: ['sh', '-c', 'echo The app is running! && sleep 3600']
  initContainers:
  - name: init-myservice
    image: busybox:1.28
    command: ['sh', '-c', "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done"]
  - name: init-mydb
    image: busybox:1.28
    command: ['sh', '-c', "until nslookup mydb.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for mydb; sleep 2; done"]
`;

test('console: exec into the running init container (refused into the app), describe, -o yaml, and Services created at the playhead unblock the init containers', async () => {
  const page = await openApp(browser, server.url);
  await applyAndPause(page, WAITING);
  await scrubTo(page, 20);
  assert.equal(await status(page), 'Init:0/2');
  const input = page.getByTestId('console-input');
  const out = page.getByTestId('console-output');
  const run = async (line, expect) => {
    await input.fill(line);
    await input.press('Enter');
    await out.getByText(expect).first().waitFor();
  };
  await run('kubectl exec myapp-pod -c init-myservice -- cat /etc/hostname', /^myapp-pod$/m);
  await run('kubectl exec myapp-pod -- ls', 'container not found ("myapp-container")');
  await run('kubectl describe pod myapp-pod', /^Init Containers:$/m);
  await run('kubectl get pod myapp-pod -o yaml', /^ {2}initContainers:$/m);
  // The fix from lesson 5, typed at the playhead (t = 20 s): both Services, then play.
  await run('kubectl create service clusterip myservice --tcp=80:9376', 'service/myservice created');
  await run('kubectl create service clusterip mydb --tcp=80:9377', 'service/mydb created');
  await page.getByTestId('speed').selectOption({ label: '60×' });
  await page.getByTestId('play').click();
  await page.getByTestId('pod-status').getByText('Running').waitFor({ timeout: 20_000 });
  // Before the playhead's instant the pod still waited: the Services were created at 20 s.
  await page.getByTestId('pause').click();
  await scrubTo(page, 19);
  assert.equal(await status(page), 'Init:0/2');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('a failing init container shows Init:CrashLoopBackOff with a growing back-off', async () => {
  const page = await openApp(browser, server.url, { colorScheme: 'dark' });
  await applyAndPause(page, CRASHING);
  const seen = await stepThrough(page, 60);
  assert.ok(seen.some((s) => s.status === 'Init:CrashLoopBackOff'), `statuses: ${seen.map((s) => s.status)}`);
  const backoffs = [...new Set(seen.flatMap((s) => s.words).map((w) => /back-off (\S+),/.exec(w)?.[1]).filter(Boolean))];
  const secs = backoffs.map((d) => { const m = /(?:(\d+)m)?(\d+)s/.exec(d); return Number(m[1] || 0) * 60 + Number(m[2]); });
  assert.ok(secs.length >= 3 && secs.every((v, i) => i === 0 || v > secs[i - 1]), `back-offs seen: ${backoffs}`);
  // The events inspector lists them as `kubectl describe` does: repeated events aggregated.
  const events = await page.getByTestId('events').innerText();
  assert.match(events, /BackOff\s+\S+ \(x\d+ over \S+\)/, events);
  await shot(page, 'crashloop-wide-dark');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'crashloop-narrow-dark');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone screen`);
  await page.context().close();
});

test('the events inspector lists events as kubectl describe pod does, pod by pod, and fits its panel', async () => {
  const page = await openApp(browser, server.url);
  await applyAndPause(page, `${TWO_INITS}---\n${CRASHING}`, 100);
  const table = page.getByTestId('events');
  assert.deepEqual(await table.locator('thead th').allTextContents(), ['Type', 'Reason', 'Age', 'From', 'Message']);
  // One pod after the other, in name order, as `kubectl describe pod` for each would list them.
  assert.deepEqual(await table.locator('tbody tr.pl-table__group').allTextContents(), ['pod/crashy', 'pod/two-inits']);
  assert.match(await table.innerText(), /BackOff\s+\S+ \(x\d+ over \S+\)\s+kubelet\s+Back-off restarting failed container init-fail/);
  // At a desktop width the whole table is readable without scrolling sideways.
  const fit = await table.evaluate((t) => { const p = t.closest('.pl-insp__panel'); return [t.scrollWidth, p.clientWidth]; });
  assert.ok(fit[0] <= fit[1], `the events table is ${fit[0]}px wide in a ${fit[1]}px panel`);
  await shot(page, 'events-two-pods-wide-light');
  assert.deepEqual(await problems(page), []);
  await page.context().close();
});

test('performance: typing in a 100-line manifest and playing ten containers stay smooth', async () => {
  const containers = Array.from({ length: 10 }, (_, i) => `  - name: c${i}\n    image: busybox:1.36\n    command: ["sh", "-c", "echo ${i}; sleep ${5 + i}"]\n`).join('');
  let yaml = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: busy\nspec:\n  initContainers:\n${containers.replaceAll('name: c', 'name: i')}  containers:\n${containers}`;
  while (yaml.split('\n').length < 100) yaml += '# padding comment line\n';
  const page = await openApp(browser, server.url);
  await typeInEditor(page, yaml);
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: 'longtask', buffered: false });
  });
  await page.getByTestId('editor').press('End');
  const t0 = Date.now();
  await page.keyboard.type('# typing twenty keys.', { delay: 30 });
  await page.waitForTimeout(400);
  const typing = await page.evaluate(() => window.__long.splice(0));
  // Per keystroke, in the page: the work of one input event until the DOM is updated (highlighting,
  // gutter, caret) and, after the 150 ms debounce, admission plus the diagnostics update.
  const perKey = await page.evaluate(async () => {
    const ta = document.querySelector('[data-testid=editor]');
    const times = [];
    for (let i = 0; i < 20; i++) {
      ta.value += 'x';
      const t0 = performance.now();
      ta.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((ok) => setTimeout(ok, 0)); // Leptos updates the DOM in microtasks: include them
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const diags = document.querySelector('[data-testid=diagnostics]');
    const before = diags.textContent;
    ta.value += '\n  bad: [';
    const t0 = performance.now();
    ta.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((ok) => { const o = new MutationObserver(() => { if (diags.textContent !== before) { o.disconnect(); ok(); } }); o.observe(diags, { subtree: true, childList: true, characterData: true }); });
    return { inputMedianMs: times[10], inputMaxMs: times[19], diagnosticsAfterDebounceMs: performance.now() - t0 - 150 };
  });
  await page.getByTestId('reset').click();
  await typeInEditor(page, yaml);
  const last = (name) => page.evaluate((n) => performance.getEntriesByName(n).at(-1)?.duration ?? null, name);
  const admitMs = await last('podlab:admit');
  await page.evaluate(() => window.__long.splice(0));
  await page.getByTestId('apply').click();
  await page.getByTestId('pod-row').first().waitFor();
  const simulateMs = await last('podlab:simulate');
  await page.waitForTimeout(200);
  const applyLongTasksMs = await page.evaluate(() => window.__long.splice(0));
  // The budget's keystroke case: the 61-line manifest of the native benchmark (examples/bench.rs),
  // admitted and simulated for the lab's 120 s horizon, in the browser.
  const editor = /const EDITOR_MANIFEST: &str = r#"([\s\S]*?)"#;/.exec(readFileSync(join(repo, 'examples/bench.rs'), 'utf8'))[1];
  const page60 = await openApp(browser, server.url);
  await typeInEditor(page60, editor);
  await page60.getByText(/No problems found/).waitFor();
  const last60 = (name) => page60.evaluate((n) => performance.getEntriesByName(n).at(-1)?.duration ?? null, name);
  // Each Apply admits and simulates anew; the first calls run in wasm's baseline tier, so the
  // report keeps the first and the median of ten.
  const admits = [], sims = [];
  for (let i = 0; i < 10; i++) {
    await page60.getByTestId('apply').click();
    await page60.getByTestId('pod-row').first().waitFor();
    admits.push(await last60('podlab:admit'));
    sims.push(await last60('podlab:simulate'));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const editor61Lines = { admitFirstMs: admits[0], admitMedianMs: median(admits), simulateFirstMs: sims[0], simulateMedianMs: median(sims) };
  await page60.context().close();
  await page.getByTestId('speed').selectOption({ label: '2×' });
  const fps = await page.evaluate(() => new Promise((ok) => {
    let n = 0; const start = performance.now();
    const f = () => { n++; if (performance.now() - start < 2000) requestAnimationFrame(f); else ok(n / ((performance.now() - start) / 1000)); };
    requestAnimationFrame(f);
  }));
  const playing = await page.evaluate(() => window.__long.splice(0));
  // admitMs / simulateMs: the engine's own share (User Timing measures written by src/ui/state.rs)
  // for this 100-line, 20-container manifest; applyLongTasksMs: the whole Apply task, rendering included.
  const report = { typingMs: Date.now() - t0, typingLongTasksMs: typing, ...perKey, admitMs, simulateMs, applyLongTasksMs, editor61Lines, playbackFps: Math.round(fps), playbackLongTasksMs: playing };
  writeFileSync(join(outDir, 'perf.json'), JSON.stringify(report, null, 2));
  console.log('perf', JSON.stringify(report));
  assert.ok(typing.every((d) => d < 100), `long tasks while typing: ${typing}`);
  assert.ok(perKey.inputMaxMs < 50 && perKey.diagnosticsAfterDebounceMs < 100, JSON.stringify(perKey));
  assert.ok(fps >= 30, `playback at ${fps} fps`);
  assert.ok(playing.every((d) => d < 100), `long tasks while playing: ${playing}`);
  assert.ok([admitMs, simulateMs, ...admits, ...sims].every((v) => v !== null), 'the engine measures are missing');
  await page.context().close();
});
