/* teamcoach's service worker: the pages a coach opened for the current and next games
   (lineup, plan, live screen, roster) stay readable without a connection.

   What it never keeps: anything the server does not mark with X-Offline-Cache (it marks
   only a signed-in coach's own game pages), any address with a token in it, the
   accounts pages, the API. A page from another user, or a page signed out, wipes what
   it kept; so does signing out (the page tells the worker; the server also sends
   Clear-Site-Data). Writes are never handled here: the pages queue them (offline.js). */
"use strict";

const VERSION = {{ version_json|safe }};
const ASSETS = "teamcoach-assets-" + VERSION;
const PAGES = "teamcoach-pages";
const PRECACHE = {{ precache_json|safe }};
const OFFLINE_PAGE = {{ offline_url_json|safe }};
const USER_KEY = "/__teamcoach-offline-user__";
/* Addresses with a secret in them, or that belong to the account itself. */
const NEVER = ["/a/", "/s/", "/calendar/", "/invitations/", "/invite/", "/accounts/", "/api/", "/admin/", "/sw.js"];
const TOKEN_QUERY = /[?&](token|key|secret|signature|sig|code|auth|access_token)=/i;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(ASSETS).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("teamcoach-assets-") && k !== ASSETS).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function forget() {
  return caches.delete(PAGES);
}

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "sign-out") {
    event.waitUntil(forget());
  }
});

async function checkUser(response) {
  const user = response.headers.get("X-Offline-User");
  if (!user) return;
  const cache = await caches.open(PAGES);
  const stored = await cache.match(USER_KEY);
  const previous = stored ? await stored.text() : null;
  if (previous !== user) {
    await forget();
    if (user !== "-") {
      await (await caches.open(PAGES)).put(USER_KEY, new Response(user));
    }
  }
}

async function page(request) {
  try {
    const response = await fetch(request);
    await checkUser(response);
    if (response.ok && response.headers.get("X-Offline-Cache") === "1") {
      const cache = await caches.open(PAGES);
      await cache.put(request.url, response.clone());
    }
    return response;
  } catch (error) {
    const cache = await caches.open(PAGES);
    const kept = await cache.match(request.url);
    if (kept) return kept;
    const offline = await caches.match(OFFLINE_PAGE);
    if (offline) return offline;
    throw error;
  }
}

async function asset(request) {
  const kept = await caches.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) (await caches.open(ASSETS)).put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (NEVER.some((prefix) => url.pathname.startsWith(prefix)) || TOKEN_QUERY.test(url.search)) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(asset(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(request));
  }
});
