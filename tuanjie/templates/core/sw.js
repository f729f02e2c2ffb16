/* The service worker of 团结 (served by core/pwa.py from the site root, so its scope is the whole site).
 *
 * The app shell (styles, scripts, icons, the offline page) is precached under its release's version. The person's
 * working pages are network first: a fresh copy when the network answers, the last copy when it does not. Those
 * copies hold household data, so they live in a cache named after the person (tj-pages-<user>): a page tells the
 * worker who is signed in, and when that changes every other person's copies are deleted; signing out deletes
 * them all (pwa.js). Only plain GETs are ever cached: never a POST's answer, the API, sign-in or sign-out.
 * Records saved without a network wait in queue.js's IndexedDB; Background Sync lets this worker send them even
 * when no page of the site is open. */
"use strict";

const SETTINGS = {{ settings|safe }};
const SHELL = "tj-shell-" + SETTINGS.version;
const PAGES = "tj-pages-";
const META = "tj-meta";
const PERSON_KEY = "/__tj/person";
importScripts(...SETTINGS.scripts);   // the offline queue's replay (a worker may import only while it installs)

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SETTINGS.shell)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((names) => Promise.all(
    names.filter((name) => name.startsWith("tj-shell-") && name !== SHELL).map((name) => caches.delete(name))
  )).then(() => self.clients.claim()));
});

async function person() {
  const answer = await (await caches.open(META)).match(PERSON_KEY);
  return answer ? answer.text() : "";
}

async function forgetPagesExcept(keep) {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(PAGES) && name !== PAGES + keep)
    .map((name) => caches.delete(name)));
}

// Fetches the working pages once for a person who just signed in on this device, so that they read offline even
// before each was opened. A page the person may not open (another role's) is simply not kept.
async function warm(user) {
  const cache = await caches.open(PAGES + user);
  await Promise.all(SETTINGS.pages.map(async (path) => {
    try {
      // Not following a redirect: a warm-up that outlived its session would otherwise render the sign-in page,
      // whose new CSRF cookie no longer matches the sign-in form already on the screen.
      const response = await fetch(path, {credentials: "same-origin", redirect: "manual"});
      if (keepable(response) && (await person()) === user) await cache.put(path, response);
    } catch (e) { /* no network: the page is kept when it is next opened */ }
  }));
}

async function setPerson(user) {
  const before = await person();
  await (await caches.open(META)).put(PERSON_KEY, new Response(user));
  if (before !== user) {
    await forgetPagesExcept(user);
    if (user) await warm(user);
  }
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "person") {
    const done = setPerson(String(data.person || ""));
    event.waitUntil(done);
    done.then(() => event.ports[0] && event.ports[0].postMessage({ok: true}));
  } else if (data.type === "sync") {
    event.waitUntil(syncQueue());
  }
});

function keepable(response) {
  return response && response.ok && !response.redirected && response.type === "basic";
}

function isWorkingPage(url) {
  return SETTINGS.pages.indexOf(url.pathname) >= 0;
}

async function networkFirst(request) {
  const user = await person();
  try {
    const response = await fetch(request);
    // The answer is kept only while the same person is signed in (a sign-in elsewhere may have changed it).
    if (user && keepable(response) && (await person()) === user) {
      const copy = response.clone();
      caches.open(PAGES + user).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch (error) {
    const kept = user ? await (await caches.open(PAGES + user)).match(request) : null;
    return kept || offlinePage();
  }
}

async function offlinePage() {
  return (await caches.match(SETTINGS.offline, {cacheName: SHELL})) ||
    new Response("暂无网络", {status: 503, headers: {"Content-Type": "text/plain; charset=utf-8"}});
}

async function shellFirst(request) {
  // Static file names carry their content's hash (or the release's version), so the cached copy is the right one;
  // a font asked for with a ?query matches its precached copy.
  const kept = await caches.match(request, {cacheName: SHELL, ignoreSearch: true});
  if (kept) return kept;
  const response = await fetch(request);
  if (keepable(response)) {
    const copy = response.clone();
    caches.open(SHELL).then((cache) => cache.put(request, copy));
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (SETTINGS.never.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (url.pathname.startsWith(SETTINGS.static) || SETTINGS.shell.indexOf(url.pathname) >= 0) {
    event.respondWith(shellFirst(request));
  } else if (request.mode === "navigate" && isWorkingPage(url)) {
    event.respondWith(networkFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(offlinePage));
  }
});

// Background Sync: the queue sends its records from here when the browser says the network is back, even with
// no page open. queue.js holds the one replay; this worker only runs it for the person signed in.
async function syncQueue() {
  const user = await person();
  if (!user) return;
  await self.tuanjie.queue.sync({user: user, keepAliveUrl: SETTINGS.keep_alive});
}

self.addEventListener("sync", (event) => {
  if (event.tag === "tj-queue") event.waitUntil(syncQueue());
});
