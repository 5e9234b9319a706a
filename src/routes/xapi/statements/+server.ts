import { getApp } from '$lib/server/app';
import { origin } from '$lib/server/env';
import { statementsResponse } from '$lib/server/xapi/statements-response';
import type { RequestHandler } from './$types';

/** The xAPI 1.0.3 statements resource, read side, for BI tools holding an API key. */
export const GET: RequestHandler = async ({ request }) =>
	statementsResponse({ db: (await getApp()).db }, request, origin());
