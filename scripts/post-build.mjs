// The one Trunk post_build hook. Trunk starts all hooks of a stage at once, and these steps
// each rewrite the staged index.html, so they run here one after the other, in this order:
// the first paint's HTML, the early editor's files named and loaded, the stylesheets inlined (their files removed), then the CSP hashes of
// the inline scripts and styles, then the service worker's file list and version (which hashes
// the final files).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
for (const step of ['prerender-hook.mjs', 'early-editor-hook.mjs', 'inline-css-hook.mjs', 'csp-hook.mjs', 'sw-hook.mjs']) {
  execFileSync(process.execPath, [join(here, step)], { stdio: 'inherit' });
}
