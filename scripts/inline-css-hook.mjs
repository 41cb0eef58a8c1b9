// Trunk post_build step: puts the stylesheets into index.html as <style> elements and removes the
// CSS files. Six render-blocking requests held the first paint back by about 40 ms on localhost
// (first contentful paint median 140 ms with links, 96 ms inlined: tests/e2e/app.test.mjs,
// startup.json), and more on a real network. The CSS is 21 KB raw, 5 KB gzipped: less than one
// extra round trip. scripts/csp-hook.mjs then allows exactly these <style> elements by hash.
import { readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { stagedIndex } from './staging.mjs';

const { dir, html, write } = stagedIndex('inline-css-hook');
// Trunk's stylesheet links, quoted (development) or minified (release); attributes in any order.
const link = /<link\b[^>]*\brel="?stylesheet"?[^>]*>/g;
const inlined = [];
const out = html.replace(link, (tag) => {
  const href = /\bhref="?\.?\/?([^"\s>]+\.css)"?/.exec(tag)?.[1];
  if (!href || href.includes('/')) {
    console.error(`inline-css-hook: cannot inline ${tag} (only the build's own top-level CSS files)`);
    process.exit(1);
  }
  const css = readFileSync(join(dir, href), 'utf8');
  // Inside <style> the text ends at the first "</style"; url() would resolve against the page.
  if (/<\/style/i.test(css) || /url\(|@import/i.test(css)) {
    console.error(`inline-css-hook: ${href} has </style, url() or @import: it cannot be inlined as is`);
    process.exit(1);
  }
  inlined.push(href);
  return `<style>${css}</style>`;
});
if (inlined.length === 0) {
  console.error('inline-css-hook: index.html links no stylesheet (expected the data-trunk rel="css" links)');
  process.exit(1);
}
write(out);
// Nothing references them any more: leaving them would only make the service worker cache them.
for (const f of new Set(inlined)) unlinkSync(join(dir, f));
console.log(`inline-css-hook: ${inlined.length} stylesheet(s) inlined into index.html`);
