import type { Executor } from '../db/client';
import { isAppError } from '../errors';
import { log } from '../log';
import { authenticateApiKey } from './authenticate-api-key';
import { listStatements, XAPI_VERSION } from './list-statements';

/** Every answer of the feed carries the version, JSON, and no caching. */
function reply(status: number, body: unknown, extra: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'x-experience-api-version': XAPI_VERSION,
			'cache-control': 'no-store',
			...extra
		}
	});
}

const problem = (status: number, message: string, extra?: Record<string, string>) =>
	reply(status, { error: true, status, message }, extra);

/**
 * The HTTP side of `GET /xapi/statements`: the key from HTTP Basic, the query, the answer as
 * xAPI 1.0.3 expects it. Bad input is a 400, a missing or refused key a 401, never a 500.
 */
export async function statementsResponse(
	deps: { db: Executor },
	request: Request,
	homePage: string
): Promise<Response> {
	const version = request.headers.get('x-experience-api-version');
	// Clients that send no version (many BI connectors) are read as 1.0.3; another version is not.
	if (version !== null && !/^1\.0(\.\d{1,3})?$/.test(version.trim()))
		return problem(
			400,
			`X-Experience-API-Version ${version.slice(0, 20)} is not supported; use 1.0.3.`
		);
	const unauthorized = () =>
		problem(401, 'A valid API key is needed (HTTP Basic: key id and secret).', {
			'www-authenticate': 'Basic realm="Minka xAPI", charset="UTF-8"'
		});
	try {
		const key = await authenticateApiKey(deps.db, request.headers.get('authorization'));
		if (!key) return unauthorized();
		const url = new URL(request.url);
		const language = /^\s*es\b/i.test(request.headers.get('accept-language') ?? '')
			? 'es'
			: 'en-US';
		const body = await listStatements(deps, key, url.search, { homePage, language });
		return reply(200, body, { 'x-experience-api-consistent-through': new Date().toISOString() });
	} catch (e) {
		if (isAppError(e)) {
			if (e.status === 401) return unauthorized();
			return problem(e.status, e.status === 404 ? 'No such statement.' : e.message);
		}
		log.error('xapi feed failed', { error: String((e as Error)?.stack ?? e) });
		return problem(500, 'The feed could not be read; try again.');
	}
}
