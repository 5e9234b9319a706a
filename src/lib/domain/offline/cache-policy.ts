// What the service worker (src/service-worker.ts) may answer and keep. Pure, so it is unit-tested
// apart from any browser.
//
// Cache names: `minka-static-<build>` holds the build's files and the offline page (no personal
// data; a new build drops the old one). `minka-user-<key>` holds what a member saved for use
// without internet (static/js/offline.js fills it); every page rendered for nobody deletes all of
// them and a member's page deletes every other member's, so a shared phone keeps nothing of one
// member for the next.

export const CACHE_PREFIX = 'minka-';
const STATIC_PREFIX = `${CACHE_PREFIX}static-`;
const USER_PREFIX = `${CACHE_PREFIX}user-`;

/** Where the offline page is kept in the static cache, whatever its language. */
export const OFFLINE_KEY = '/offline';

export const staticCacheName = (version: string) => `${STATIC_PREFIX}${version}`;

export function userCacheName(hash: string): string {
	if (!/^[0-9a-z]{1,64}$/.test(hash)) throw new Error('a user cache is named by a short hash');
	return `${USER_PREFIX}${hash}`;
}

export const isUserCache = (name: string) => name.startsWith(USER_PREFIX);

/** Caches a new build leaves behind: every older static cache (user caches stay). */
export function obsoleteCaches(names: readonly string[], version: string): string[] {
	const current = staticCacheName(version);
	return names.filter((n) => n.startsWith(STATIC_PREFIX) && n !== current);
}

/**
 * What the worker fetches at install. Stylesheets only from the build: with `csr = false` pages
 * load no built JavaScript, so those chunks would be bytes spent for nothing. From `static/`
 * everything but the home-screen icons: the phone keeps its own copy when Minka is installed,
 * and fetching them on every first visit would cost about 7 KB for nothing.
 */
export function precachePaths(build: readonly string[], files: readonly string[]): string[] {
	const styles = build.filter((f) => f.startsWith('/_app/immutable/') && f.endsWith('.css'));
	return [...styles, ...files.filter((f) => !f.startsWith('/icons/'))];
}

/** The offline page in one language; fetched without cookies, so it never holds anyone's data. */
export function offlinePagePath(lang: string, locales: readonly string[]): string {
	return `/offline?lang=${locales.includes(lang) ? lang : locales[0]}`;
}

/** The language the offline page is asked for, or null: `/offline?lang=en` → `en`. */
export function offlineLocale(url: URL, locales: readonly string[]): string | null {
	if (url.pathname !== OFFLINE_KEY) return null;
	const lang = url.searchParams.get('lang') ?? '';
	return locales.includes(lang) ? lang : null;
}

export interface RequestInfo {
	method: string;
	url: string;
	mode: string;
	/** The request's Range header, if any. */
	range: string | null;
}

/**
 * How the worker answers a request: `page` (a navigation: network first; when the network fails,
 * the member's saved copy of that address, else the offline page), `asset` (a precached file: from the cache), or null — left to the browser
 * untouched: writes, other hosts, the live events stream, audio (range requests) and anything else.
 */
export function route(
	req: RequestInfo,
	origin: string,
	precached: ReadonlySet<string>
): 'page' | 'asset' | null {
	if (req.method !== 'GET' || req.range) return null;
	const url = new URL(req.url);
	if (url.origin !== origin) return null;
	if (/^\/runs\/[^/]+\/events\/?$/.test(url.pathname) || url.pathname.startsWith('/audio/'))
		return null;
	if (req.mode === 'navigate') return 'page';
	if (!url.search && precached.has(url.pathname)) return 'asset';
	return null;
}

/** A response the worker may keep: complete, successful and not marked private or no-store. */
export function isCacheable(status: number, cacheControl: string | null): boolean {
	if (status !== 200) return false;
	const directives = (cacheControl ?? '')
		.toLowerCase()
		.split(',')
		.map((d) => d.trim());
	return !directives.some((d) => d === 'no-store' || d === 'private' || d.startsWith('private='));
}

/**
 * A page's word to its worker: its language, whether someone is signed in and, if so, the short
 * key of who (`lib/server/offline/user-key.ts`), which names their cache.
 */
export interface PageHello {
	lang: string;
	signedIn: boolean;
	user: string | null;
}

const USER_KEY = /^[0-9a-f]{16}$/;

export function readHello(data: unknown, locales: readonly string[]): PageHello | null {
	if (typeof data !== 'object' || data === null) return null;
	const { lang, signedIn, user } = data as Record<string, unknown>;
	if (typeof lang !== 'string' || !locales.includes(lang) || typeof signedIn !== 'boolean')
		return null;
	const key = signedIn && typeof user === 'string' && USER_KEY.test(user) ? user : null;
	return { lang, signedIn, user: key };
}

/**
 * The member caches a hello leaves no room for: all of them when nobody is signed in, every other
 * member's when someone is. So a phone holds at most one member's pages, the signed-in one's.
 */
export function userCachesToDrop(names: readonly string[], hello: PageHello): string[] {
	const own = hello.user ? userCacheName(hello.user) : null;
	return names.filter((n) => isUserCache(n) && (!hello.signedIn || (own !== null && n !== own)));
}

/**
 * The member cache a failed navigation may be answered from: the only one on the phone. With none,
 * or (before any page has said hello) with several, none: never one member's page to another.
 */
export function servingUserCache(names: readonly string[]): string | null {
	const users = names.filter(isUserCache);
	return users.length === 1 ? users[0]! : null;
}
