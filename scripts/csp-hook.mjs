// Trunk post_build hook: puts the SHA-256 of every inline <script> Trunk wrote (its wasm loader)
// into the <meta> Content-Security-Policy, replacing
// the 'sha256-INLINE' placeholder of index.html. A static host cannot send CSP headers, and
// Trunk's nonces are per build (useless on a static site), so a hash is the way (reliability.md §3.4).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('csp-hook: TRUNK_STAGING_DIR is not set (run me from Trunk)');
  process.exit(1);
}
const file = join(dir, 'index.html');
const html = readFileSync(file, 'utf8');
const hashes = [];
// Inline scripts only: a <script> tag with no src attribute. Its text is hashed exactly as written.
for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}
if (!html.includes("'sha256-INLINE'")) {
  console.error("csp-hook: index.html has no 'sha256-INLINE' placeholder in its CSP");
  process.exit(1);
}
// `trunk serve` rewrites its auto-reload script when serving (so its hash is not known here):
// development builds allow inline scripts; release builds (dist/, what is deployed and what the
// end-to-end tests load) get the exact hashes.
const release = process.env.TRUNK_PROFILE === 'release';
writeFileSync(file, html.replaceAll("'sha256-INLINE'", release ? hashes.join(' ') : "'unsafe-inline'"));
console.log(release ? `csp-hook: ${hashes.length} inline script hash(es) written into the CSP` : "csp-hook: development build, CSP allows inline scripts");
