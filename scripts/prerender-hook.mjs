// Trunk post_build hook: writes the course's static first paint (`podlab-web prerender`: the web
// app's own binary, built natively, src/ui/first_paint.rs) into index.html in place of the empty
// <div id="podlab-prerender"> marker, so the first lesson can be read (and its YAML edited) while
// the wasm is still downloading. The other lessons' first paint (`podlab-web prerender lessons`)
// become files of their own, named by content (`lesson-<slug>-<hash>.html`, a host may cache them
// forever), and their names go into index.html's inline script (PODLAB_LESSON_FILES), which
// fetches the one an address names. The native binary is built with the same PODLAB_CONTENT as
// the wasm (Trunk passes its environment on), so a workshop build prerenders the workshop's lessons.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stagedIndex } from './staging.mjs';

const { dir, html, write } = stagedIndex('prerender-hook');
const fail = (msg) => { console.error(`prerender-hook: ${msg}`); process.exit(1); };
// The release build minifies index.html (the quotes go): match both forms.
const marker = /<div id="?podlab-prerender"?><\/div>/;
if (!marker.test(html)) fail('index.html has no empty <div id="podlab-prerender"> marker');
if (!html.includes('PODLAB_LESSON_FILES')) fail("index.html has no inline script with PODLAB_LESSON_FILES (the other lessons' loader)");
const prerender = (...args) => execFileSync('cargo', ['run', '--quiet', '--locked', '--offline', '--bin', 'podlab-web', '--', 'prerender', ...args], {
  cwd: process.env.TRUNK_SOURCE_DIR ?? process.cwd(),
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const body = prerender();
const files = {};
let bytes = 0;
for (const [slug, article] of Object.entries(JSON.parse(prerender('lessons')))) {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) fail(`a lesson slug that cannot name a file: ${JSON.stringify(slug)}`);
  const name = `lesson-${slug}-${createHash('sha256').update(article).digest('hex').slice(0, 16)}.html`;
  writeFileSync(join(dir, name), article);
  files[slug] = name;
  bytes += Buffer.byteLength(article);
}
write(html.replace(marker, () => body).replace('PODLAB_LESSON_FILES', () => JSON.stringify(files)));
console.log(`prerender-hook: ${body.length} bytes of first-paint HTML written into index.html; ${Object.keys(files).length} other lessons in files of their own (${bytes} bytes)`);
