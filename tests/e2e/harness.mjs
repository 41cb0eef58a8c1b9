// End-to-end harness: the release bundle, a loopback static server started by the test itself,
// and headless Chromium driven through playwright-core (Node's built-in test runner on top).
//
// Why playwright-core and not a Rust WebDriver client: it is one small npm package (no browser
// download; it drives the distribution's /usr/bin/chromium), it needs no extra Rust compile on
// a 2-core machine, and it gives what these tests need directly: auto-waiting locators, page
// errors and console capture, init scripts (to block storage or listen for CSP violations)
// and screenshots.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '../..');
export const outDir = join(here, 'out');
mkdirSync(outDir, { recursive: true });

export const tools = process.env.PODLAB_TOOLS || join(process.env.HOME || '/root', '.cache/podlab-tools');
const require = createRequire(join(tools, 'node_modules', 'x.js'));
const { chromium } = require('playwright-core');

let built = null;
/** The release dist/ directory: the one `make test` just built, or built here (same script). */
export function distDir() {
  if (process.env.PODLAB_E2E_DIST) return process.env.PODLAB_E2E_DIST;
  if (!built) {
    execFileSync(join(repo, 'scripts/dist.sh'), {
      stdio: 'inherit',
      env: { ...process.env, PATH: `${join(tools, 'node_modules/.bin')}:${process.env.PATH}` },
    });
    built = join(repo, 'dist');
  }
  return built;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png',
};

/** Serves `dir` under `prefix` (e.g. `/some/sub/path/`) on a free loopback port. Anything
 *  outside the prefix is a 404, so an absolute asset URL fails the test.
 *  `{ gzip: true }` answers as a real static host does (GitHub Pages, Netlify, nginx with
 *  gzip_static): `Content-Encoding: gzip` at level 9 for the text and wasm types when the request
 *  accepts gzip. The slow-link and Lighthouse measurements need it: the bytes on the wire, not
 *  the raw files, are what a learner waits for. Each file is compressed once (cached by path,
 *  size and mtime, so a rebuilt dist/ is picked up). */
export async function serve(dir, prefix = '/', { gzip = false } = {}) {
  const requests = [];
  const gzipped = new Map();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    if (!path.startsWith(prefix)) { res.writeHead(404).end('outside the served prefix'); return; }
    let rel = normalize(path.slice(prefix.length));
    if (rel.startsWith('..')) { res.writeHead(403).end(); return; }
    if (rel === '' || rel === '.' || rel.endsWith('/')) rel = join(rel, 'index.html');
    const file = join(dir, rel);
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error('not a file');
      const type = TYPES[extname(file)] || 'application/octet-stream';
      const headers = { 'content-type': type, 'cache-control': 'no-store' };
      let body = readFileSync(file);
      // PNGs are compressed already; hosts leave them alone.
      if (gzip && type !== 'image/png' && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        const key = `${file}:${st.size}:${st.mtimeMs}`;
        if (!gzipped.has(key)) gzipped.set(key, gzipSync(body, { level: 9 }));
        body = gzipped.get(key);
        headers['content-encoding'] = 'gzip';
        headers.vary = 'Accept-Encoding';
      }
      if (gzip) headers['content-length'] = body.length;
      res.writeHead(200, headers);
      res.end(body);
    } catch { res.writeHead(404).end('not found'); }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${prefix}`, requests, close: () => new Promise((ok) => server.close(ok)) };
}

/** Headless Chromium from the distribution, with a fresh profile (Playwright makes a temporary
 *  user-data-dir per launch) and no background networking (the machine has no internet). */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** Opens the app and waits until the wasm has mounted (the editor exists). Collects page
 *  errors, console errors and CSP violations into `page.problems`. */
export async function openApp(browser, url, { colorScheme = 'light', viewport = { width: 1440, height: 900 }, init } = {}) {
  const context = await browser.newContext({ colorScheme, viewport });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  if (init) await page.addInitScript(init);
  await page.goto(url);
  await page.getByTestId('editor').waitFor({ timeout: 30_000 });
  return page;
}

/** Page errors, console errors and CSP violations seen so far. */
export async function problems(page) {
  const csp = await page.evaluate(() => window.__csp || []);
  return [...page.problems, ...csp.map((c) => `csp: ${c}`)];
}

/** Replaces the editor's text the way a learner would: select all, then type. */
export async function typeInEditor(page, text) {
  const ed = page.getByTestId('editor');
  await ed.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  // Typing line by line: Enter would auto-indent, so insert each line's text as typed input.
  await page.keyboard.insertText(text);
}

/** Saves a screenshot into tests/e2e/out/ (not committed) and returns its path. */
export async function shot(page, name) {
  const path = join(outDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** A pod with two init containers (Init:0/2, Init:1/2, PodInitializing, Running), used by the
 *  lab and hosting tests. */
export const TWO_INITS = `apiVersion: v1
kind: Pod
metadata:
  name: two-inits
spec:
  initContainers:
  - name: init-a
    image: busybox:1.36
    command: ["sh", "-c", "echo A; sleep 3"]
  - name: init-b
    image: busybox:1.36
    command: ["sh", "-c", "echo B; sleep 3"]
  containers:
  - name: web
    image: nginx:1.27
`;

/** Moves the scrub slider as a drag would (sets the value, fires `input`). */
export const scrubTo = (page, secs) => page.getByTestId('scrub').evaluate((el, v) => {
  el.value = v;
  el.dispatchEvent(new Event('input', { bubbles: true }));
}, String(secs));

/** Types `yaml` into the editor, applies it, pauses and puts the playhead at `secs`. */
export async function applyAndPause(page, yaml, secs = 0) {
  await typeInEditor(page, yaml);
  await page.getByTestId('apply').click();
  await page.getByTestId('pod-row').first().waitFor();
  // A short run may already have stopped by itself at its settle point.
  await page.getByTestId('pause').click({ timeout: 2000 }).catch(() => {});
  await scrubTo(page, secs);
}

/** Whether `locator`'s box is inside the viewport (fully, or its top `minPx` pixels when it is
 *  taller than the viewport), without scrolling. */
export async function inViewport(page, locator, minPx = 40) {
  const box = await locator.boundingBox();
  const vp = page.viewportSize();
  if (!box) return false;
  const visibleTop = box.y >= -1 && box.y + Math.min(box.height, minPx) <= vp.height + 1;
  return visibleTop && box.x >= -1 && box.x + Math.min(box.width, 40) <= vp.width + 1;
}

/** Runs axe-core (the pinned npm package in the tools folder) over the page and returns its
 *  violations as `rule (impact): target …` lines. Evaluated through the DevTools protocol, so
 *  the page's CSP (no inline script) is not involved. */
export async function axeViolations(page) {
  const src = readFileSync(join(tools, 'node_modules/axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(src);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary.split('\n').slice(1, 2).join('')}`) }));
  });
  return found.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n}`));
}
