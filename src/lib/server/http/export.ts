import { error, isHttpError, type RequestEvent } from '@sveltejs/kit';
import { isAppError } from '../errors';
import type { ExportFormat } from '../export/write-table';

export function exportFormat(url: URL): ExportFormat {
	return url.searchParams.get('format') === 'csv' ? 'csv' : 'xlsx';
}

/** Prepares a list for export; a refusal is a 403, never a half-written file. */
export function prepareOrError<T>(prepare: () => T): T {
	try {
		return prepare();
	} catch (e) {
		if (isAppError(e) && (e.code === 'forbidden' || e.code === 'unauthenticated'))
			error(e.code === 'forbidden' ? 403 : 401, e.code);
		throw e;
	}
}

/**
 * A download (an export, a spreadsheet of the import) whose 403 or 404 shows the app's translated
 * error page, as a page would. SvelteKit answers an error in an endpoint with its bare fallback
 * page ("forbidden", in English), so the page is fetched from `/error/<status>` — through the same
 * hooks, with the user's cookies, so in their language and with their menu.
 */
export function withErrorPage<E extends RequestEvent>(
	handler: (event: E) => Promise<Response>
): (event: E) => Promise<Response> {
	return async (event) => {
		try {
			return await handler(event);
		} catch (e) {
			if (!isHttpError(e) || (e.status !== 403 && e.status !== 404)) throw e;
			const page = await event.fetch(`/error/${e.status}`, { headers: { accept: 'text/html' } });
			return new Response(page.body, { status: e.status, headers: new Headers(page.headers) });
		}
	};
}
