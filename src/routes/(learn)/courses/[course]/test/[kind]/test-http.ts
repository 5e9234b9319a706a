import { error, fail } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import type { TestDeps } from '$lib/server/assessment/test-context';
import { getCurriculum } from '$lib/server/curriculum/get-curriculum';
import { env } from '$lib/server/env';
import { isAppError } from '$lib/server/errors';

/** The database, the curriculum and the secret for draft attempt ids, for the test pages. */
export async function testDeps(): Promise<TestDeps> {
	const [app, curriculum] = await Promise.all([getApp(), getCurriculum()]);
	return { db: app.db, curriculum, secret: env().AUTH_SECRET };
}

/**
 * A refused test form: bad input (400) and conflicts (409) go back to the page with their error
 * codes and what was posted; access errors are the error page.
 */
export function failTest(e: unknown, values: Record<string, unknown>) {
	if (isAppError(e)) {
		const fields = e.fields ?? { _: e.code };
		if (e.code === 'invalid_input') return fail(400, { values, fields });
		if (e.code === 'conflict') return fail(409, { values, fields });
		if (e.code === 'not_found') error(404, 'not_found');
		if (e.code === 'forbidden' || e.code === 'unauthenticated') error(e.status, e.code);
	}
	throw e;
}
