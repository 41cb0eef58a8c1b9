// One file that runs from file:// (docs/hosting.md, "One file"): turns a release dist/ into a
// single podlab.html with everything inlined, for a USB stick or a double-click.
//
//   node scripts/single-file.mjs DIST_DIR OUT_FILE        (make single: dist/ → dist-single/podlab.html)
//   PODLAB_HOSTED_URL=https://example.org/podlab/ …       share links made in the file point there
//
// Browsers refuse `import` and `fetch` from file://, so:
// - the wasm is inlined gzip-compressed and base64-encoded in a non-executed
//   <script type="application/octet-stream"> block, decompressed in the page with
//   DecompressionStream('gzip') and instantiated from bytes (CSP: 'wasm-unsafe-eval', already there);
// - wasm-bindgen's JS glue and Trunk's loader become one inline module script (export
//   declarations are valid, if unused, in an inline module; the loader calls the glue's default
//   export, `__wbg_init`, with the bytes);
// - the icon becomes a data: URL (img-src allows data:), the preload links and <base> go;
// - the CSP <meta> keeps every directive, with script-src and style-src hashes recomputed for
//   exactly the inline scripts and styles of this file (nothing is loosened: no 'unsafe-inline',
//   no blob:, no data: scripts).
// The service worker is not part of it (src/ui/offline.rs does not register one from file://).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const [distDir, outFile] = process.argv.slice(2);
if (!distDir || !outFile) {
  console.error('usage: node scripts/single-file.mjs DIST_DIR OUT_FILE');
  process.exit(2);
}
const fail = (msg) => {
  console.error(`single-file: ${msg}`);
  process.exit(1);
};
let html;
try { html = readFileSync(join(distDir, 'index.html'), 'utf8'); } catch {
  fail(`no ${join(distDir, 'index.html')} (build it first: scripts/dist.sh)`);
}
const files = readdirSync(distDir);

// Trunk's loader: the inline module that imports the glue and initialises it with the wasm.
const scriptRe = /<script\b([^>]*)>([\s\S]*?)<\/script>/g;
// The early editor's loader (scripts/early-editor-hook.mjs) goes: in one file nothing is slow to
// arrive, and its files are not inlined.
const early = /<script\b[^>]*\bid=["']?pl-early["']?[^>]*>[\s\S]*?<\/script>/;
const page = html.replace(early, '');
const loader = [...page.matchAll(scriptRe)].find((m) => /\bimport\b[\s\S]*\.js/.test(m[2]) && /\.wasm/.test(m[2]));
if (!loader) fail('index.html has no Trunk loader script (an inline module importing the .js and the .wasm)');
const jsName = /(?:from\s*|import\s*\(\s*)["']\.?\/?([^"']+\.js)["']/.exec(loader[2])?.[1];
const wasmName = /["']\.?\/?([^"']+\.wasm)["']/.exec(loader[2])?.[1];
if (!jsName || !files.includes(jsName)) fail(`the loader names no .js file of ${distDir}`);
if (!wasmName || !files.includes(wasmName)) fail(`the loader names no .wasm file of ${distDir}`);
const glue = readFileSync(join(distDir, jsName), 'utf8');
if (/^\s*import\b|\bimport\s*\(/m.test(glue)) fail(`${jsName} imports other modules (snippets): they would need inlining too`);
// The glue's default export is the async init that accepts bytes.
const init = /export\s+default\s+([A-Za-z_$][\w$]*)/.exec(glue)?.[1]
  ?? /export\s*\{[^}]*?\b([A-Za-z_$][\w$]*)\s+as\s+default\b/.exec(glue)?.[1];
if (!init) fail(`${jsName} has no default export (wasm-bindgen --target web's init)`);
if (/<\/script/i.test(glue)) fail(`${jsName} contains "</script": it cannot be inlined as is`);

const wasm = readFileSync(join(distDir, wasmName));
const gz = gzipSync(wasm, { level: 9 });
const b64 = gz.toString('base64');

const boot = `
;{
  const text = document.getElementById('podlab-wasm-gz').textContent;
  const packed = Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));
  const bytes = await new Response(stream).arrayBuffer();
  const wasm = await ${init}({ module_or_path: bytes });
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
}
`;
const moduleScript = `<script type="module">${glue}${boot}</script>`;
const dataBlock = `<script type="application/octet-stream" id="podlab-wasm-gz">${b64}</script>`;

let out = page;
out = out.replace(loader[0], () => dataBlock + moduleScript);
// Preloads of the .js/.wasm, and <base> (fragments must stay in this document).
out = out.replace(/<link\b[^>]*\brel=["']?(?:modulepreload|preload)["']?[^>]*>/g, '');
out = out.replace(/<base\b[^>]*>/g, '');
// The icon, as a data: URL.
out = out.replace(/<link\b[^>]*\brel=["']?icon["']?[^>]*>/g, (tag) => {
  const href = /\bhref=["']?\.?\/?([^"'\s>]+)["']?/.exec(tag)?.[1];
  if (!href || !files.includes(href)) fail(`cannot inline the icon ${tag}`);
  const type = href.endsWith('.svg') ? 'image/svg+xml' : 'image/png';
  const data = readFileSync(join(distDir, href)).toString('base64');
  return `<link rel="icon" href="data:${type};base64,${data}">`;
});
// The other lessons' first paint (scripts/prerender-hook.mjs writes them as files, which a page
// from file:// cannot fetch): into the page, after the first lesson. index.html's inline script
// then finds the lesson an address names in the page and fetches nothing.
const lessonFiles = files.filter((f) => /^lesson-[a-z0-9-]+-[0-9a-f]{16}\.html$/.test(f)).sort();
if (lessonFiles.length > 0) {
  const end = out.indexOf('</article>');
  if (end < 0) fail("index.html has no first lesson (</article>) to put the other lessons' first paint after");
  const at = end + '</article>'.length;
  out = out.slice(0, at) + lessonFiles.map((f) => readFileSync(join(distDir, f), 'utf8')).join('') + out.slice(at);
}
// Where share links made in this file point (src/ui/share_button.rs reads it).
const hosted = (process.env.PODLAB_HOSTED_URL ?? '').trim();
if (hosted) {
  if (!/^https?:\/\//.test(hosted)) fail(`PODLAB_HOSTED_URL must be an http(s) address, got ${hosted}`);
  const attr = hosted.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  out = out.replace(/<title>/, () => `<meta name="podlab-hosted-url" content="${attr}"><title>`);
}

// Nothing may still point at a file next to the page.
const stray = /\b(?:src|href)=["']?(?!#|data:|https?:|mailto:)\.?\/?[\w.-]+\.(?:js|wasm|css|svg|png|json)\b/.exec(out);
if (stray) fail(`still refers to a file next to the page: ${stray[0]}`);

// The CSP: same directives, hashes of exactly this file's inline scripts and styles.
const sha = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const executable = (attrs) => {
  const type = /\btype=["']?([^"'\s>]+)/.exec(attrs)?.[1]?.toLowerCase();
  return !type || type === 'module' || type === 'text/javascript';
};
const scriptHashes = [...out.matchAll(scriptRe)].filter((m) => !/\bsrc=/.test(m[1]) && executable(m[1])).map((m) => sha(m[2]));
const styleHashes = [...out.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => sha(m[1]));
// The <meta> (attributes in any order: the release build minifies and sorts them).
const metaRe = /<meta\b[^>]*\bhttp-equiv=["']?Content-Security-Policy["']?[^>]*>/i;
const meta = metaRe.exec(out)?.[0];
const current = meta && /\bcontent="([^"]*)"/.exec(meta)?.[1];
if (!current) fail('index.html has no Content-Security-Policy <meta> with a quoted content attribute');
const policy = current.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
  const [name, ...values] = d.split(/\s+/);
  const keep = values.filter((v) => !v.startsWith("'sha256-"));
  if (name === 'script-src') return [name, ...keep, ...scriptHashes].join(' ');
  if (name === 'style-src') return [name, ...keep, ...styleHashes].join(' ');
  return d;
}).join('; ');
if (!/script-src[^;]*'wasm-unsafe-eval'/.test(policy)) fail("the CSP's script-src lacks 'wasm-unsafe-eval'");
if (/'unsafe-inline'/.test(policy)) fail("the CSP allows 'unsafe-inline' (a development build?): use a release dist/");
out = out.replace(meta, () => meta.replace(`content="${current}"`, () => `content="${policy}"`));

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, out);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const outBytes = Buffer.byteLength(out);
const outGz = gzipSync(Buffer.from(out), { level: 9 }).length;
console.log(`single-file: ${outFile}: ${kib(outBytes)} raw, ${kib(outGz)} gzip -9 (wasm ${kib(wasm.length)} → ${kib(gz.length)} gzip, ${kib(b64.length)} base64); ${scriptHashes.length} script and ${styleHashes.length} style hash(es) in the CSP${hosted ? `; share links point at ${hosted}` : '; share links from the file carry only the #v1: fragment (no PODLAB_HOSTED_URL)'}`);
