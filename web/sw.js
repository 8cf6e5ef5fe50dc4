// Service worker: after a first visit the screener loads and completes without a network.
// scripts/postbuild.py fills in the build's files and a version that changes with any of them,
// so a newly published version replaces the old cache cleanly.
'use strict';
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = 'prescreen-' + VERSION;

// Many static hosts send Last-Modified without Cache-Control, and browsers then reuse files for
// weeks without asking: the worker goes to the server past the browser's cache, so a new release
// never caches an old index.html or trials.json.
// The files the trials may be published as (scripts/postbuild.py copies the list Rust wrote
// into index.html): whichever the clinic published is cached, the others' absence is no failure.
const TRIALS = __TRIALS__;

self.addEventListener('install', (event) => {
  const requests = FILES.filter((f) => !TRIALS.includes(f)).map((f) => new Request(f, { cache: 'reload' }));
  const trials = (c) => Promise.all(TRIALS.map((f) => fetch(new Request(f, { cache: 'reload' }))
    .then((r) => (r.ok ? c.put(f, r) : undefined), () => undefined)));
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(requests).then(() => trials(c))).then(() => self.skipWaiting()));
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
  const fresh = request.mode === 'navigate' || url.pathname.endsWith('/')
    || ['index.html', ...TRIALS].some((f) => url.pathname.endsWith('/' + f));
  if (fresh) {
    // Revalidated with the server (a cheap 304 when unchanged). A navigation's own request
    // cannot be copied with options, so its address is fetched instead.
    const revalidate = request.mode === 'navigate'
      ? new Request(request.url, { cache: 'no-cache', credentials: 'same-origin' })
      : new Request(request, { cache: 'no-cache' });
    event.respondWith(
      fetch(revalidate)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((c) => c.put(request, copy));
          }
          return response;
        })
        // Offline, a page falls back to the cached start page; a file the cache lacks stays a
        // failure (the app then tries the next trials file), never the start page in its place.
        .catch(() => caches.match(request, { ignoreSearch: true })
          .then((r) => r || (request.mode === 'navigate' ? caches.match('./', { ignoreSearch: true }) : Response.error()))),
    );
  } else {
    event.respondWith(caches.match(request, { ignoreSearch: true }).then((r) => r || fetch(request)));
  }
});
