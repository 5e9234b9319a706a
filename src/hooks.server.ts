import { building } from '$app/environment';
import { offlineLocale } from '$lib/domain/offline/cache-policy';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { cookieName, locales } from '$lib/paraglide/runtime';
import { closeApp, getApp } from '$lib/server/app';
import { whoIsAsking } from '$lib/server/auth/who-is-asking';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { discardBody } from '$lib/server/http/read-form';
import { log } from '$lib/server/log';
import { recordReplay } from '$lib/server/offline/record-replay';
import { offlineUserKey, QUEUE_HEADER } from '$lib/server/offline/user-key';
import type { Handle, HandleServerError, RequestEvent, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { error } from '@sveltejs/kit';

export const init: ServerInit = async () => {
	if (building) return;
	await getApp();
	// Invalid content stops start-up, with the list of problems, rather than failing a lesson later.
	await getCurriculum();
	// adapter-node emits this on SIGTERM/SIGINT once the server stops accepting requests.
	process.once('sveltekit:shutdown', async (reason) => {
		log.info('shutting down', { reason });
		await closeApp();
	});
};

/**
 * The service worker asks for the offline page in a language (`/offline?lang=en`) and without
 * cookies, so that page is rendered in that language and for nobody: it only ever sees this one.
 */
function offlinePageRequest(event: RequestEvent): Request {
	const lang = offlineLocale(event.url, locales);
	if (!lang || event.request.method !== 'GET') return event.request;
	return new Request(event.request.url, { headers: { cookie: `${cookieName}=${lang}` } });
}

const handleLocale: Handle = ({ event, resolve }) =>
	paraglideMiddleware(offlinePageRequest(event), ({ request, locale }) => {
		event.request = request;
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
	});

const handleSession: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.actor = null;
	if (event.url.pathname === '/healthz' || event.url.pathname.startsWith('/_app/'))
		return resolve(event);
	// Usually from this process's short-lived cache: no database round trip (who-is-asking.ts).
	const who = await whoIsAsking(await getApp(), event.request.headers);
	if (who) {
		event.locals.actor = who.actor;
		event.locals.user = who.user;
	}
	return resolve(event);
};

/** Where someone not signed in may post: signing in, accepting a link, choosing a language. */
const publicPosts = /^\/(sign-in|sign-out|language|invitation\/[^/]+)\/?$/;

// Anyone else's post goes to the sign-in page before a byte of its body is read.
const handleAnonymousPosts: Handle = ({ event, resolve }) => {
	const { method } = event.request;
	// `?/default` names SvelteKit's reserved action, which it answers with a 500: not found.
	if (method === 'POST' && event.url.searchParams.has('/default')) {
		discardBody(event.request);
		error(404, 'not_found');
	}
	// A post replayed from a phone's queue (static/js/offline.js) names who queued it: it is taken
	// only with that member's session. Anything else is a 401 (never the sign-in redirect, which a
	// replay could not tell from success), and the item waits on the phone.
	const queuedBy = event.request.headers.get(QUEUE_HEADER);
	if (
		queuedBy !== null &&
		method === 'POST' &&
		(!event.locals.user || offlineUserKey(event.locals.user.id) !== queuedBy)
	) {
		discardBody(event.request);
		return new Response(null, { status: 401 });
	}
	if (queuedBy !== null && method === 'POST') return auditedReplay(event, resolve);
	if (
		method !== 'GET' &&
		method !== 'HEAD' &&
		!event.locals.actor &&
		!publicPosts.test(event.url.pathname)
	) {
		discardBody(event.request);
		return new Response(null, { status: 303, headers: { location: '/sign-in' } });
	}
	return resolve(event);
};

/**
 * A post from the phone's queue, taken with its member's session, runs as any other and leaves
 * one audit line saying it came from there and what it got (offline/record-replay.ts). The body
 * is read a second time, from a copy, for the item's key; a line that cannot be written is
 * logged and the answer goes out (the act itself is done or refused already).
 */
async function auditedReplay(
	event: RequestEvent,
	resolve: Parameters<Handle>[0]['resolve']
): Promise<Response> {
	const copy = event.request.clone();
	const response = await resolve(event);
	try {
		const body = new Uint8Array(await copy.arrayBuffer());
		await recordReplay((await getApp()).db, event.locals.actor, {
			url: event.url,
			body,
			status: response.status
		});
	} catch (e) {
		log.error('queue replay not audited', { path: event.url.pathname, error: String(e) });
	}
	return response;
}

const handleHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	// A body nobody read (an action that needs none, a type SvelteKit refuses) would stall the
	// connection and end in a reset: read it away in the background.
	discardBody(event.request);
	// Pages and files for someone signed in hold personal data: no cache may keep them, and the
	// back button after signing out asks the server again.
	// A route may instead keep its own private caching: audio whose URL carries the content version.
	if (event.locals.user && !/^private\b/.test(response.headers.get('cache-control') ?? ''))
		response.headers.set('cache-control', 'private, no-store');
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	response.headers.set('x-frame-options', 'DENY');
	response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
	return response;
};

export const handle = sequence(handleLocale, handleSession, handleHeaders, handleAnonymousPosts);

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404)
		log.error('request failed', {
			path: event.url.pathname,
			status,
			error: String((error as Error)?.stack ?? error)
		});
	return { message: status === 404 ? 'not_found' : 'error' };
};
