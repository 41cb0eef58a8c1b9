// Trunk post_build hook: writes the release's file list and a content version into sw.js (see
// public/sw.js). Runs next to scripts/csp-hook.mjs (Trunk starts a stage's hooks together), so it
// never reads index.html, which that hook rewrites; index.html is cached as './' by the worker.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stagingDir } from './staging.mjs';

const dir = stagingDir('sw-hook');
const file = join(dir, 'sw.js');
let sw;
try { sw = readFileSync(file, 'utf8'); } catch {
  console.error('sw-hook: no sw.js in the build (index.html must copy public/sw.js)');
  process.exit(1);
}
// Every file of the build except the page and the worker themselves, sorted (deterministic).
const assets = readdirSync(dir)
  .filter((f) => f !== 'index.html' && f !== 'sw.js' && statSync(join(dir, f)).isFile())
  .sort();
const hash = createHash('sha256');
for (const f of assets) hash.update(f).update('\0').update(readFileSync(join(dir, f)));
const version = hash.digest('hex').slice(0, 16);
const lines = sw.split('\n');
const replace = (start, line) => {
  const i = lines.findIndex((l) => l.startsWith(start) && l.endsWith('// BUILD'));
  if (i < 0) { console.error(`sw-hook: no "${start} … // BUILD" line in sw.js`); process.exit(1); }
  lines[i] = line;
};
replace('const VERSION', `const VERSION = ${JSON.stringify(version)};`);
replace('const ASSETS', `const ASSETS = ${JSON.stringify(assets.map((f) => `./${f}`))};`);
writeFileSync(file, lines.join('\n'));
console.log(`sw-hook: sw.js caches ${assets.length} files, version ${version}`);
