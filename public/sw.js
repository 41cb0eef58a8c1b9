// podlab's service worker: after one visit, the app and every lesson (they are compiled into the
// wasm) work with the network gone. Served next to index.html, so its scope is wherever dist/ is
// hosted (/, /podlab/, /workshop/podlab/): every URL below is relative to this file.
//
// scripts/sw-hook.mjs (a Trunk post_build hook) replaces the two lines marked BUILD with the
// release's file list and a version derived from the files' contents. A new release therefore
// ships a byte-different sw.js: the browser installs it, it precaches the new files into a new
// cache, takes over at once, deletes every older podlab cache, and the page shows "a new version
// is available" (src/ui/offline.rs).
//
// Strategies:
// - navigations (index.html, with any ?query or #fragment): network first, so an online learner
//   always gets the newest index.html; the cached copy when the network fails.
// - everything else under the scope (hashed .js/.wasm/.css, icons): cache first. Hashed names
//   never change content, so a cached copy is always right.
const VERSION = 'dev'; // BUILD
const ASSETS = []; // BUILD
const PREFIX = 'podlab-';
const CACHE = PREFIX + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // './' is what the learner's address is; 'index.html' is the same file for hosts that link it.
    await cache.addAll(['./', ...ASSETS]);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    // Only podlab's own caches: another app on the same origin (GitHub Pages user sites share one
    // origin) keeps its caches.
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !req.url.startsWith(self.registration.scope)) return;
  if (req.mode === 'navigate') {
    event.respondWith((async () => {
      try {
        const fresh = await fetch(req);
        if (fresh.ok) {
          const cache = await caches.open(CACHE);
          await cache.put('./', fresh.clone());
        }
        return fresh;
      } catch (e) {
        const cached = await caches.match('./', { cacheName: CACHE }) || await caches.match(req, { ignoreSearch: true });
        if (cached) return cached;
        throw e;
      }
    })());
    return;
  }
  event.respondWith((async () => {
    const cached = await caches.match(req, { cacheName: CACHE, ignoreSearch: true });
    if (cached) return cached;
    const fresh = await fetch(req);
    if (fresh.ok && new URL(req.url).pathname.match(/-[0-9a-f]{16}(_bg)?\.[a-z]+$/)) {
      const cache = await caches.open(CACHE);
      await cache.put(req, fresh.clone());
    }
    return fresh;
  })());
});
