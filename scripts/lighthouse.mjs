// Lighthouse on the release build (issue 15's "Lighthouse mobile performance >= 90, largest
// contentful paint no later than the first paint's"): serves dist/ gzipped, as a real host does,
// through the e2e harness's serve(), and runs Lighthouse 12.2.3 with its default settings, which
// are the mobile preset (a mid-range phone's screen, 4x CPU slowdown, a slow 4G link simulated
// from an unthrottled load), three times on a fresh headless /usr/bin/chromium each. Prints the
// median run's score and metrics, the LCP element, and the long tasks (when, how long, what they
// spent their time on); every run's figures go to tests/e2e/out/lighthouse.json.
//
// Usage: node scripts/lighthouse.mjs [DIST] (`make lighthouse` builds dist/ and installs Lighthouse
// into $PODLAB_TOOLS/lighthouse first). The machine's speed matters to the simulation: the JSON
// keeps Lighthouse's benchmarkIndex of each run.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { outDir, repo, serve, tools } from '../tests/e2e/harness.mjs';

const RUNS = 3;
const dist = resolve(process.argv[2] || join(repo, 'dist'));
// Lighthouse lives in its own folder beside the other npm tools: only this script needs it, and
// its ~150 packages stay out of scripts/setup.sh.
const lhDir = join(tools, 'lighthouse');
const req = createRequire(join(lhDir, 'node_modules', 'x.js'));
let lighthouse, launch, computeMedianRun, MainThreadTasks, TraceEngineResult;
try {
  const lhMain = req.resolve('lighthouse');
  const lhFile = (rel) => import(pathToFileURL(join(lhMain, '..', rel)));
  lighthouse = (await import(pathToFileURL(lhMain))).default;
  ({ computeMedianRun } = await lhFile('lib/median-run.js'));
  ({ MainThreadTasks } = await lhFile('computed/main-thread-tasks.js'));
  ({ TraceEngineResult } = await lhFile('computed/trace-engine-result.js'));
  ({ launch } = await import(pathToFileURL(req.resolve('chrome-launcher'))));
} catch (e) {
  console.error(`lighthouse: not installed in ${lhDir} (make lighthouse installs it): ${e.message}`);
  process.exit(1);
}
const version = req('lighthouse/package.json').version;

// Lighthouse 12.2.3's trace engine cannot read the frame-pipeline events of a newer Chromium
// (Debian's is 156): its screenshot handler reads `chrome_frame_reporter.frame_sequence` from
// every PipelineReporter begin event, some now lack it, and the whole engine throws ("Cannot read
// properties of undefined (reading 'frame_sequence')"). That takes down the TraceElements
// gatherer and with it the LCP element, which is what issue 15 needs to know. Those events only
// time the filmstrip's screenshots, so the engine gets the trace without them (Lighthouse's own
// metrics read the trace unchanged); the first failure of a run is still reported.
const runTraceEngine = TraceEngineResult.runTraceEngine;
let traceEngineFailed = null;
TraceEngineResult.runTraceEngine = async function (events) {
  try {
    return await runTraceEngine.call(this, events.filter((e) => e.name !== 'PipelineReporter'));
  } catch (e) {
    traceEngineFailed = e.message;
    throw e;
  }
};

/** The main thread's top-level tasks of 50 ms or more in the trace as it was recorded (this
 *  machine, no CPU slowdown; the long-tasks audit's durations are simulated), each with where its
 *  time went: self time summed by trace event name (ParseHTML, Layout, v8.wasm.*, FunctionCall…). */
async function observedLongTasks(trace) {
  const tasks = await MainThreadTasks.request(trace, { computedCache: new Map() });
  return tasks.filter((t) => !t.parent && t.duration >= 50).map((t) => {
    const by = new Map();
    const walk = (n) => { by.set(n.event.name, (by.get(n.event.name) || 0) + n.selfTime); n.children.forEach(walk); };
    walk(t);
    return {
      startMs: Math.round(t.startTime), ms: Math.round(t.duration),
      urls: t.attributableURLs.map((u) => u.split('/').pop() || u),
      top: [...by].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([name, ms]) => ({ name, ms: Math.round(ms) })),
    };
  });
}

const site = await serve(dist, '/', { gzip: true });
const lhrs = [];
try {
  for (let i = 0; i < RUNS; i++) {
    // A new browser (and profile) per run: every run is a first visit.
    const chrome = await launch({
      chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const r = await lighthouse(site.url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
      if (r.lhr.runtimeError) throw new Error(`${r.lhr.runtimeError.code}: ${r.lhr.runtimeError.message}`);
      r.lhr.observedLongTasks = await observedLongTasks(r.artifacts.Trace || r.artifacts.traces.defaultPass);
      lhrs.push(r.lhr);
      console.log(`run ${i + 1}/${RUNS}: performance ${Math.round(r.lhr.categories.performance.score * 100)}`);
    } finally {
      await chrome.kill();
    }
  }
} finally {
  await site.close();
}

const METRICS = { fcp: 'first-contentful-paint', lcp: 'largest-contentful-paint', tbt: 'total-blocking-time', cls: 'cumulative-layout-shift', si: 'speed-index', tti: 'interactive' };

/** The figures of one run that the issue names, plus the LCP element and the long tasks. */
function summary(lhr) {
  const a = lhr.audits;
  const metrics = Object.fromEntries(Object.entries(METRICS).map(([k, id]) => [k, a[id]?.numericValue ?? null]));
  // 12.x: a list whose first table names the element and whose second splits LCP into phases.
  const lists = a['largest-contentful-paint-element']?.details?.items || [];
  const node = lists[0]?.items?.[0]?.node || lists[0]?.node || null;
  const phases = (lists[1]?.items || []).map((p) => ({ phase: p.phase, ms: Math.round(p.timing) }));
  // Lighthouse's long-tasks audit: simulated durations (4x CPU slowdown), start times included.
  const longTasks = (a['long-tasks']?.details?.items || [])
    .map((t) => ({ url: t.url.split('/').pop() || t.url, startMs: Math.round(t.startTime), ms: Math.round(t.duration) }));
  return {
    score: Math.round(lhr.categories.performance.score * 100),
    ...metrics,
    lcpElement: node && { selector: node.selector, label: node.nodeLabel, snippet: node.snippet },
    lcpPhases: phases,
    longTasks,
    observedLongTasks: lhr.observedLongTasks,
    mainThread: (a['mainthread-work-breakdown']?.details?.items || []).map((g) => ({ group: g.groupLabel || g.group, ms: Math.round(g.duration) })),
    bytes: a['total-byte-weight']?.numericValue ?? null,
    benchmarkIndex: lhr.environment?.benchmarkIndex ?? null,
  };
}

const runs = lhrs.map(summary);
const median = summary(computeMedianRun(lhrs));
const report = { lighthouse: version, preset: 'mobile (default config, simulated throttling)', dist, median, runs };
writeFileSync(join(outDir, 'lighthouse.json'), JSON.stringify(report, null, 2));

const s = (v) => (v === null ? 'n/a' : `${(v / 1000).toFixed(2)} s`);
const m = median;
console.log(`Lighthouse ${version}, mobile preset, median of ${RUNS} runs (scores ${runs.map((r) => r.score).join(', ')}):`);
console.log(`  performance ${m.score}; FCP ${s(m.fcp)}, LCP ${s(m.lcp)}, TBT ${Math.round(m.tbt)} ms, CLS ${m.cls?.toFixed(3)}, SI ${s(m.si)}, TTI ${s(m.tti)}; ${(m.bytes / 1024).toFixed(0)} KiB transferred`);
console.log(`  LCP element: ${m.lcpElement ? `${m.lcpElement.selector} (${m.lcpElement.label}): ${m.lcpElement.snippet}` : 'none reported'}`);
// Per run too: whether the LCP stays on the first paint's lesson or moves to the app's render varies.
console.log(`  LCP per run: ${runs.map((r) => `${s(r.lcp)} (${r.lcpElement?.selector ?? 'n/a'})`).join('; ')}`);
if (m.lcpPhases.length) console.log(`  LCP phases: ${m.lcpPhases.map((p) => `${p.phase} ${p.ms} ms`).join(', ')}`);
console.log(`  long tasks (simulated, 4x CPU): ${m.longTasks.map((t) => `${t.ms} ms at ${t.startMs} ms (${t.url})`).join('; ') || 'none'}`);
console.log(`  long tasks as recorded (no slowdown), top self time: ${m.observedLongTasks.map((t) => `${t.ms} ms at ${t.startMs} ms [${t.top.map((x) => `${x.name} ${x.ms}`).join(', ')}]`).join('; ') || 'none'}`);
if (traceEngineFailed) console.log(`  (Lighthouse's trace engine failed: ${traceEngineFailed}; the LCP element and layout-shift audits need it)`);
console.log(`  written to ${join(outDir, 'lighthouse.json')}`);
