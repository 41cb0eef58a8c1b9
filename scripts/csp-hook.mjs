// Trunk post_build step: puts the SHA-256 of every inline <script> (Trunk's wasm loader and the
// first paint's theme line) into the <meta> Content-Security-Policy in place of the
// 'sha256-INLINE' placeholder of index.html, and of every inline <style> (scripts/inline-css-hook.mjs)
// in place of 'sha256-INLINE-STYLE'. A static host cannot send CSP headers, and
// Trunk's nonces are per build (useless on a static site), so a hash is the way (reliability.md §3.4).
import { createHash } from 'node:crypto';
import { stagedIndex } from './staging.mjs';

const { html, write } = stagedIndex('csp-hook');
// Each element's text is hashed exactly as written.
const hashesOf = (re) => [...html.matchAll(re)].map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
// Inline scripts only: a <script> tag with no src attribute.
const hashes = hashesOf(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g);
const styles = hashesOf(/<style[^>]*>([\s\S]*?)<\/style>/g);
for (const p of ["'sha256-INLINE'", "'sha256-INLINE-STYLE'"]) {
  if (!html.includes(p)) {
    console.error(`csp-hook: index.html has no ${p} placeholder in its CSP`);
    process.exit(1);
  }
}
// `trunk serve` rewrites its auto-reload script when serving (so its hash is not known here):
// development builds allow inline scripts; release builds (dist/, what is deployed and what the
// end-to-end tests load) get the exact hashes. Styles are hashed in both: Trunk leaves them alone.
const release = process.env.TRUNK_PROFILE === 'release';
const out = html
  .replaceAll(" 'sha256-INLINE-STYLE'", styles.map((h) => ` ${h}`).join(''))
  .replaceAll("'sha256-INLINE'", release ? hashes.join(' ') : "'unsafe-inline'");
write(out);
console.log(`csp-hook: ${release ? `${hashes.length} inline script hash(es)` : 'inline scripts allowed (development build)'}, ${styles.length} inline style hash(es) written into the CSP`);
