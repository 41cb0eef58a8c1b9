// What every post-build step (scripts/post-build.mjs) starts from: Trunk's staging directory, and
// the staged index.html the step rewrites. A step run by hand, outside Trunk, stops here.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function stagingDir(step) {
  const dir = process.env.TRUNK_STAGING_DIR;
  if (!dir) {
    console.error(`${step}: TRUNK_STAGING_DIR is not set (run me from Trunk)`);
    process.exit(1);
  }
  return dir;
}

/** The staged index.html: its directory, its text, and a way to write it back. */
export function stagedIndex(step) {
  const dir = stagingDir(step);
  const file = join(dir, 'index.html');
  return { dir, html: readFileSync(file, 'utf8'), write: (text) => writeFileSync(file, text) };
}
