// Regime Radar's service worker: after one visit the page and its bundled
// samples work offline. Same-origin GETs only (user-typed data URLs are
// never cached): network first, so a new release is picked up at once, and
// the last good response from the cache when the network fails.
const CACHE = "regime-radar-v1";

self.addEventListener("install", (event) => {
  self.skipWaiting();
  event.waitUntil(caches.open(CACHE));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

// The cached response for a request; for a page (any query or fragment),
// the cached app shell.
function fromCache(request) {
  return caches.match(request, { ignoreSearch: true }).then(
    (hit) => hit || (request.mode === "navigate" ? caches.match("./", { ignoreSearch: true }) : undefined)
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
          return response;
        }
        // A server error (the host is down behind a proxy): the cached copy
        // if there is one, else the error as it came.
        return fromCache(request).then((hit) => hit || response);
      })
      .catch(() => fromCache(request))
  );
});
