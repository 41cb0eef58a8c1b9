// Trunk post_build hook: writes the course's static first paint (`podlab prerender`,
// src/content/prerender.rs) into index.html in place of the empty <div id="podlab-prerender"> marker, so
// the lesson can be read (and its YAML edited) while the wasm is still downloading. The CLI is
// built with the same PODLAB_CONTENT as the wasm (Trunk passes its environment on), so a
// workshop build prerenders the workshop's lessons.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('prerender-hook: TRUNK_STAGING_DIR is not set (run me from Trunk)');
  process.exit(1);
}
const file = join(dir, 'index.html');
const html = readFileSync(file, 'utf8');
// The release build minifies index.html (the quotes go): match both forms.
const marker = /<div id="?podlab-prerender"?><\/div>/;
if (!marker.test(html)) {
  console.error('prerender-hook: index.html has no empty <div id="podlab-prerender"> marker');
  process.exit(1);
}
const body = execFileSync('cargo', ['run', '--quiet', '--locked', '--offline', '--bin', 'podlab', '--', 'prerender'], {
  cwd: process.env.TRUNK_SOURCE_DIR ?? process.cwd(),
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
  stdio: ['ignore', 'pipe', 'inherit'],
});
writeFileSync(file, html.replace(marker, () => body));
console.log(`prerender-hook: ${body.length} bytes of first-paint HTML written into index.html`);
