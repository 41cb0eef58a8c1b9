// Accessibility (issue 18): axe-core, run over every lesson before and after running its first
// example (or Apply when it has none), in light and dark, finds no violation.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { axeViolations, distDir, launch, openApp, problems, repo, serve } from './harness.mjs';

let browser, server;
before(async () => {
  browser = await launch();
  server = await serve(distDir(), '/');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const slugs = [...readFileSync(join(repo, 'content/SUMMARY.md'), 'utf8').matchAll(/\]\((\d\d-[a-z0-9-]+)\.md\)/g)].map((m) => m[1]);

for (const colorScheme of ['light', 'dark']) {
  test(`axe-core finds no violation on any lesson, before and after a run (${colorScheme})`, async () => {
    assert.ok(slugs.length >= 16, `lessons: ${slugs}`);
    const page = await openApp(browser, server.url, { colorScheme });
    const found = [];
    for (const slug of slugs) {
      await page.goto(`${server.url}#/lesson/${slug}`);
      await page.locator(`[data-testid=lesson][data-slug="${slug}"]`).waitFor();
      found.push(...(await axeViolations(page)).map((v) => `${slug} before: ${v}`));
      const run = page.getByTestId('example-run').first();
      if (await run.count()) await run.click();
      else await page.getByTestId('apply').click();
      await page.waitForTimeout(1200);
      found.push(...(await axeViolations(page)).map((v) => `${slug} after: ${v}`));
    }
    assert.deepEqual(found, [], `${found.length} violations:\n${found.join('\n')}`);
    assert.deepEqual(await problems(page), []);
    await page.context().close();
  });
}
