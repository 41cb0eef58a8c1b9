// Trunk post_build hook: writes the course's static first paint (`podlab-web prerender`: the web
// app's own binary, built natively, src/ui/first_paint.rs) into index.html in place of the empty
// <div id="podlab-prerender"> marker, so the lesson can be read (and its YAML edited) while the
// wasm is still downloading. The native binary is built with the same PODLAB_CONTENT as the wasm
// (Trunk passes its environment on), so a workshop build prerenders the workshop's lessons.
import { execFileSync } from 'node:child_process';
import { stagedIndex } from './staging.mjs';

const { html, write } = stagedIndex('prerender-hook');
// The release build minifies index.html (the quotes go): match both forms.
const marker = /<div id="?podlab-prerender"?><\/div>/;
if (!marker.test(html)) {
  console.error('prerender-hook: index.html has no empty <div id="podlab-prerender"> marker');
  process.exit(1);
}
const body = execFileSync('cargo', ['run', '--quiet', '--locked', '--offline', '--bin', 'podlab-web', '--', 'prerender'], {
  cwd: process.env.TRUNK_SOURCE_DIR ?? process.cwd(),
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
  stdio: ['ignore', 'pipe', 'inherit'],
});
write(html.replace(marker, () => body));
console.log(`prerender-hook: ${body.length} bytes of first-paint HTML written into index.html`);
