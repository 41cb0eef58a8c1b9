// Trunk post_build step: the early editor (src/ui/early_editor.rs). Trunk builds it as a "worker"
// app, so its files are unhashed and nothing loads them: this names them by content (a host may
// cache them forever, like Trunk's own), fetches them first thing in <head> with an inline script
// that leaves its promise in globalThis.podlabEarly (the app's loader in Trunk.toml awaits it
// before fetching the app), and writes the app's wasm size into that loader for its progress events.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stagedIndex } from './staging.mjs';

const { dir, html, write } = stagedIndex('early-editor-hook');
const fail = (msg) => { console.error(`early-editor-hook: ${msg}`); process.exit(1); };
const js = join(dir, 'podlab-editor.js');
const wasm = join(dir, 'podlab-editor_bg.wasm');
if (!existsSync(js) || !existsSync(wasm)) fail('Trunk built no podlab-editor.js / podlab-editor_bg.wasm (index.html names the bin)');

const hash = createHash('sha256').update(readFileSync(js)).update(readFileSync(wasm)).digest('hex').slice(0, 16);
const jsName = `podlab-editor-${hash}.js`;
const wasmName = `podlab-editor-${hash}_bg.wasm`;
// wasm-bindgen's glue names its wasm as a fallback; keep it true.
writeFileSync(join(dir, jsName), readFileSync(js, 'utf8').replaceAll('podlab-editor_bg.wasm', wasmName));
renameSync(wasm, join(dir, wasmName));
unlinkSync(js);

const appWasm = readdirSync(dir).find((f) => /^podlab-web-[0-9a-f]+_bg\.wasm$/.test(f) || f === 'podlab-web_bg.wasm');
if (!appWasm) fail("no podlab-web wasm in the build");
if (!html.includes('PODLAB_APP_WASM_BYTES')) fail("index.html has no app loader with PODLAB_APP_WASM_BYTES (Trunk.toml's pattern_script)");
if (!/<title>/.test(html)) fail('index.html has no <title> to load the early editor before');

// A classic inline script right after the theme line (which marks the `?embed` view), so both
// fetches start while <head> is parsed; the module's main() waits for the document (its textarea).
// podlabEarlyBytes settles once the early editor's wasm has arrived (a copy of the stream read to its
// end; the response itself streams into the compiler): the app's loader waits for that, not for
// the editor to start, so on a fast link the app is not held back by it.
// The embed view has no first-paint editor: it skips the early editor and its 150 KiB.
const block = `<script id="pl-early">(function () {`
  + `if (document.documentElement.hasAttribute('data-embed')) return;`
  + `var glue = import('./${jsName}');`
  + `var wasm = fetch('./${wasmName}').then(function (r) { if (!r.ok) throw new Error(r.status + ' ' + r.url); return r; });`
  + `var parsed = document.readyState === 'loading' ? new Promise(function (ok) { document.addEventListener('DOMContentLoaded', ok, { once: true }); }) : null;`
  + `globalThis.podlabEarlyBytes = wasm.then(function (r) { return r.clone().arrayBuffer(); }).then(function () {}, function () {});`
  + `globalThis.podlabEarly = Promise.all([glue, wasm, parsed]).then(function (m) { return m[0].default({ module_or_path: m[1] }); })`
  + `.catch(function (e) { console.warn('podlab: the early editor did not start', e); });`
  + `})()</script>`;
write(html
  .replace('PODLAB_APP_WASM_BYTES', String(statSync(join(dir, appWasm)).size))
  .replace(/<title>/, () => `${block}<title>`));
console.log(`early-editor-hook: ${jsName} and ${wasmName} (${statSync(join(dir, wasmName)).size} bytes) load before the app`);
