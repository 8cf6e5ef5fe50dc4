// Service worker: after a first visit the screener loads and completes without a network.
// scripts/postbuild.py fills in the build's files and a version that changes with any of them,
// so a newly published version replaces the old cache cleanly.
'use strict';
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = 'prescreen-' + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('prescreen-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  // The page and the trials a clinic may edit come fresh when online; the hashed build files
  // never change, so the cache answers for them.
  const fresh = request.mode === 'navigate' || url.pathname.endsWith('/') || /\/(index\.html|trials\.json)$/.test(url.pathname);
  if (fresh) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((c) => c.put(request, copy));
          }
          return response;
        })
        .catch(() => caches.match(request, { ignoreSearch: true }).then((r) => r || caches.match('./', { ignoreSearch: true }))),
    );
  } else {
    event.respondWith(caches.match(request, { ignoreSearch: true }).then((r) => r || fetch(request)));
  }
});
