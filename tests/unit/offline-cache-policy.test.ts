import { describe, expect, it } from 'vitest';
import {
	isCacheable,
	isUserCache,
	obsoleteCaches,
	offlineLocale,
	offlinePagePath,
	precachePaths,
	readHello,
	servingUserCache,
	userCachesToDrop,
	route,
	staticCacheName,
	userCacheName
} from '../../src/lib/domain/offline/cache-policy';
import { ICONS, webManifest } from '../../src/lib/domain/offline/manifest';

const origin = 'https://minka.example';
const locales = ['es', 'en'] as const;
const precached = new Set(['/_app/immutable/assets/_layout.abc.css', '/js/player.js']);
const get = (path: string, mode = 'no-cors', range: string | null = null) => ({
	method: 'GET',
	url: `${origin}${path}`,
	mode,
	range
});

describe('cache names', () => {
	it('a new build drops older static caches and keeps every user cache', () => {
		const names = [
			staticCacheName('100'),
			staticCacheName('200'),
			userCacheName('ab12'),
			'other-app-cache'
		];
		expect(obsoleteCaches(names, '200')).toEqual(['minka-static-100']);
	});

	it('tells user caches from the static one', () => {
		expect(isUserCache(userCacheName('ab12'))).toBe(true);
		expect(isUserCache(staticCacheName('200'))).toBe(false);
		expect(isUserCache('minka-static-user-x')).toBe(false);
	});

	it('names a user cache only by a short hash', () => {
		expect(userCacheName('9f3a')).toBe('minka-user-9f3a');
		expect(() => userCacheName('')).toThrow();
		expect(() => userCacheName('Ana María')).toThrow();
	});
});

describe('precachePaths', () => {
	it('keeps built stylesheets and static files, not built JavaScript nor install icons', () => {
		const build = [
			'/_app/immutable/entry/start.js',
			'/_app/immutable/assets/_layout.abc.css',
			'/_app/immutable/chunks/x.js',
			'/entries/pages/offline/_page.svelte.js',
			'/chunks/server.css'
		];
		const files = ['/favicon.svg', '/icons/icon-192.png', '/js/player.js', '/js/sw-register.js'];
		expect(precachePaths(build, files)).toEqual([
			'/_app/immutable/assets/_layout.abc.css',
			'/favicon.svg',
			'/js/player.js',
			'/js/sw-register.js'
		]);
	});
});

describe('offline page language', () => {
	it('asks for a known language, or the first one', () => {
		expect(offlinePagePath('en', locales)).toBe('/offline?lang=en');
		expect(offlinePagePath('fr', locales)).toBe('/offline?lang=es');
	});

	it('reads the language only on the offline page and only a known one', () => {
		expect(offlineLocale(new URL(`${origin}/offline?lang=en`), locales)).toBe('en');
		expect(offlineLocale(new URL(`${origin}/offline?lang=xx`), locales)).toBeNull();
		expect(offlineLocale(new URL(`${origin}/offline`), locales)).toBeNull();
		expect(offlineLocale(new URL(`${origin}/courses?lang=en`), locales)).toBeNull();
	});
});

describe('route', () => {
	it('answers navigations as pages and precached files as assets', () => {
		expect(route(get('/courses', 'navigate'), origin, precached)).toBe('page');
		expect(route(get('/js/player.js'), origin, precached)).toBe('asset');
		expect(route(get('/_app/immutable/assets/_layout.abc.css'), origin, precached)).toBe('asset');
	});

	it('leaves writes, other hosts and files it does not keep to the browser', () => {
		expect(route({ ...get('/sign-out', 'navigate'), method: 'POST' }, origin, precached)).toBe(
			null
		);
		expect(route({ ...get('/courses', 'navigate'), method: 'HEAD' }, origin, precached)).toBe(null);
		expect(
			route({ ...get('/', 'navigate'), url: 'https://other.example/' }, origin, precached)
		).toBe(null);
		expect(route(get('/manifest.webmanifest', 'cors'), origin, precached)).toBe(null);
		expect(route(get('/js/player.js?v=2'), origin, precached)).toBe(null);
	});

	it('never touches the live events stream nor audio, even as a navigation', () => {
		const run = '/runs/0b8c4c1e-8f0e-4b8a-9d55-3f1f5b4a2c11/events';
		expect(route(get(run, 'cors'), origin, precached)).toBe(null);
		expect(route(get(run, 'navigate'), origin, precached)).toBe(null);
		expect(route(get('/audio/1/think/m1/s1/a.opus', 'no-cors'), origin, precached)).toBe(null);
		expect(route(get('/audio/1/think/m1/s1/a.opus', 'navigate'), origin, precached)).toBe(null);
		expect(route(get('/js/player.js', 'no-cors', 'bytes=0-'), origin, precached)).toBe(null);
	});
});

describe('isCacheable', () => {
	it('keeps only complete, shareable responses', () => {
		expect(isCacheable(200, null)).toBe(true);
		expect(isCacheable(200, 'public, max-age=31536000, immutable')).toBe(true);
		expect(isCacheable(200, 'no-cache')).toBe(true);
		expect(isCacheable(200, 'private, no-store')).toBe(false);
		expect(isCacheable(200, 'No-Store')).toBe(false);
		expect(isCacheable(200, 'max-age=60, private')).toBe(false);
		expect(isCacheable(200, 'private="set-cookie"')).toBe(false);
		expect(isCacheable(206, null)).toBe(false);
		expect(isCacheable(503, null)).toBe(false);
	});
});

describe('readHello', () => {
	it('accepts a page language and a signed-in flag, nothing else', () => {
		expect(readHello({ lang: 'en', signedIn: false }, locales)).toEqual({
			lang: 'en',
			signedIn: false,
			user: null
		});
		expect(readHello({ lang: 'es', signedIn: true, user: '0123456789abcdef' }, locales)).toEqual({
			lang: 'es',
			signedIn: true,
			user: '0123456789abcdef'
		});
		// A key that is not one, or a key with nobody signed in, names no cache.
		expect(readHello({ lang: 'es', signedIn: true, user: '../x' }, locales)?.user).toBeNull();
		expect(
			readHello({ lang: 'es', signedIn: false, user: '0123456789abcdef' }, locales)?.user
		).toBeNull();
		expect(readHello({ lang: 'fr', signedIn: false }, locales)).toBeNull();
		expect(readHello({ lang: 'es', signedIn: 'no' }, locales)).toBeNull();
		// The offline page, shown in place of any page, cannot tell who is signed in: ignored, so
		// it never reads as signed out (which would delete the member's saves).
		expect(readHello({ lang: 'es', signedIn: undefined }, locales)).toBeNull();
		expect(readHello('es', locales)).toBeNull();
		expect(readHello(null, locales)).toBeNull();
	});
});

describe('member caches on a shared phone', () => {
	const ana = userCacheName('0123456789abcdef');
	const beto = userCacheName('fedcba9876543210');
	const names = ['minka-static-1', ana, beto];
	it('a page for nobody drops every member cache', () => {
		expect(userCachesToDrop(names, { lang: 'es', signedIn: false, user: null })).toEqual([
			ana,
			beto
		]);
	});
	it("a member's page drops every other member's cache and keeps their own", () => {
		expect(
			userCachesToDrop(names, { lang: 'es', signedIn: true, user: '0123456789abcdef' })
		).toEqual([beto]);
		// Signed in but no key said (an older page): nothing is guessed, nothing dropped.
		expect(userCachesToDrop(names, { lang: 'es', signedIn: true, user: null })).toEqual([]);
	});
	it('a failed navigation is answered only from the one member cache on the phone', () => {
		expect(servingUserCache(['minka-static-1', ana])).toBe(ana);
		expect(servingUserCache(['minka-static-1'])).toBeNull();
		expect(servingUserCache(names)).toBeNull();
	});
});

describe('webManifest', () => {
	it('installs Minka from the root, standalone, in the given language', () => {
		const manifest = webManifest('en', 'Courses');
		expect(manifest).toMatchObject({
			name: 'Minka',
			short_name: 'Minka',
			lang: 'en',
			description: 'Courses',
			start_url: '/',
			scope: '/',
			display: 'standalone',
			theme_color: '#7a3e14',
			background_color: '#faf7f2'
		});
		// Chrome for Android needs a 192 and a 512 icon; a maskable one fills the launcher's shape.
		const sizes = ICONS.map((i) => `${i.sizes}:${i.purpose}`);
		expect(sizes).toEqual(
			expect.arrayContaining(['192x192:any', '512x512:any', '512x512:maskable'])
		);
	});
});
