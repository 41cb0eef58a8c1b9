// Accessibility (issue 18): axe-core, run over every lesson before and after running its first
// example (or Apply when it has none), in light and dark, finds no violation.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { axeViolations, distDir, launch, openApp, problems, repo, serve, tools } from './harness.mjs';

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

// Lighthouse's two phone audits (issue 18): touch targets at least 24 px (WCAG 2.2's
// target-size, which axe checks: a smaller target passes only with 24 px of space around it) and
// no text under 12 px. Run on a phone, over every lesson, before and after a run.
test('on a phone, every control is a 24 px target and no text is under 12 px', async () => {
  const page = await openApp(browser, server.url, { viewport: { width: 390, height: 844 } });
  const src = readFileSync(join(tools, 'node_modules/axe-core/axe.min.js'), 'utf8');
  const check = async (slug, when) => {
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(src);
    const targets = await page.evaluate(async () => {
      const r = await window.axe.run(document, { runOnly: ['target-size'], resultTypes: ['violations'] });
      return r.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' ')));
    });
    // Text under 12 px: every visible element that holds its own text (not only children).
    const small = await page.evaluate(() => {
      const out = [];
      for (const el of document.querySelectorAll('body *')) {
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        if (!own) continue;
        const r = el.getBoundingClientRect();
        const st = getComputedStyle(el);
        if (!r.width || !r.height || st.visibility === 'hidden' || st.display === 'none') continue;
        if (el.closest('[hidden],[aria-hidden=true]')) continue;
        const px = parseFloat(st.fontSize);
        if (px < 12) out.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${px}px`);
      }
      return out;
    });
    return [...targets.map((t) => `${slug} ${when}: target-size ${t}`), ...small.map((s) => `${slug} ${when}: small text ${s}`)];
  };
  const found = [];
  for (const slug of slugs) {
    await page.goto(`${server.url}#/lesson/${slug}`);
    await page.locator(`[data-testid=lesson][data-slug="${slug}"]`).waitFor();
    found.push(...(await check(slug, 'before')));
    const run = page.getByTestId('example-run').first();
    if (await run.count()) await run.click();
    else await page.getByTestId('apply').click();
    await page.waitForTimeout(1200);
    found.push(...(await check(slug, 'after')));
  }
  assert.deepEqual(found, [], `${found.length} problems:\n${[...new Set(found)].slice(0, 40).join('\n')}`);
  await page.context().close();
});
