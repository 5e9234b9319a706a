/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Minka's one service worker: it keeps the build's files and a friendly offline page, and answers
// a failed navigation with the member's saved copy of that page (a course saved for use without
// internet, kept by static/js/offline.js in `minka-user-<key>`) or else with the offline page.
// It stores no member's page itself. Registered by static/js/sw-register.js.
import { build, files, version } from '$service-worker';
import { locales } from '$lib/paraglide/runtime';
import {
	isCacheable,
	obsoleteCaches,
	OFFLINE_KEY,
	offlinePagePath,
	precachePaths,
	readHello,
	route,
	servingUserCache,
	staticCacheName,
	userCachesToDrop
} from '$lib/domain/offline/cache-policy';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = staticCacheName(version);
const PRECACHE = precachePaths(build, files);
const precached = new Set(PRECACHE);

/** Fetches the offline page in `lang` (no cookies: nobody's data) and keeps it, if it may be kept. */
async function keepOfflinePage(lang: string): Promise<void> {
	const response = await fetch(offlinePagePath(lang, locales), {
		credentials: 'omit',
		cache: 'no-cache'
	});
	if (!isCacheable(response.status, response.headers.get('cache-control'))) return;
	await (await caches.open(CACHE)).put(OFFLINE_KEY, response);
}

async function offlinePageLang(): Promise<string | null> {
	const cached = await caches.match(OFFLINE_KEY, { cacheName: CACHE });
	return cached?.headers.get('content-language') ?? null;
}

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			// Unversioned files (static/) are revalidated; the build's are immutable anyway.
			await cache.addAll(PRECACHE.map((path) => new Request(path, { cache: 'no-cache' })));
			await keepOfflinePage(locales[0]);
			await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const name of obsoleteCaches(await caches.keys(), version)) await caches.delete(name);
			// The page's own request starts while the worker wakes up: no delay added to navigations.
			await sw.registration.navigationPreload?.enable();
			await sw.clients.claim();
		})()
	);
});

// Every page says hello on load (sw-register.js): its language, so the offline page is kept in
// the member's language; and who is signed in — nobody (after signing out, say): no member's
// cache may stay on this phone; someone: no other member's may.
sw.addEventListener('message', (event) => {
	if (event.data === 'claim') return event.waitUntil(sw.clients.claim());
	const hello = readHello(event.data, locales);
	if (!hello) return;
	event.waitUntil(
		(async () => {
			for (const name of userCachesToDrop(await caches.keys(), hello)) await caches.delete(name);
			if ((await offlinePageLang()) !== hello.lang) await keepOfflinePage(hello.lang);
		})()
	);
});

async function page(event: FetchEvent): Promise<Response> {
	try {
		const preloaded = (await event.preloadResponse) as Response | undefined;
		return preloaded ?? (await fetch(event.request));
	} catch (err) {
		const user = servingUserCache(await caches.keys());
		const saved = user ? await (await caches.open(user)).match(event.request.url) : undefined;
		if (saved) return saved;
		const offline = await caches.match(OFFLINE_KEY, { cacheName: CACHE });
		if (offline) return offline;
		throw err;
	}
}

async function asset(request: Request): Promise<Response> {
	return (await caches.match(request, { cacheName: CACHE })) ?? fetch(request);
}

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	const kind = route(
		{
			method: request.method,
			url: request.url,
			mode: request.mode,
			range: request.headers.get('range')
		},
		sw.location.origin,
		precached
	);
	if (kind === 'page') event.respondWith(page(event));
	else if (kind === 'asset') event.respondWith(asset(request));
});
