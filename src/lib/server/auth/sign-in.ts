import { fold } from '../../domain/text';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import type { Auth } from './auth';
import { findUserByIdentifier } from './find-user';
import { clearFailures, isLimited, recordFailure } from './rate-limit';

export interface SignInInput {
	identifier: string;
	password: string;
	ip: string;
	headers: Headers;
}

/**
 * Signs in with a username, phone number or e-mail and a password. Returns the session cookies to
 * set. Every failure looks the same, so nobody learns whether an account exists.
 */
export async function signIn(
	deps: { db: Db; auth: Auth; now?: () => Date },
	input: SignInInput
): Promise<{ setCookies: string[]; userId: string }> {
	const now = deps.now?.() ?? new Date();
	const keys = { id: `id:${fold(input.identifier)}`, ip: `ip:${input.ip}` };
	if (await isLimited(deps.db, keys, now)) throw new AppError('rate_limited');

	const u = await findUserByIdentifier(deps.db, input.identifier);
	const fail = async () => {
		await recordFailure(deps.db, keys, now);
		return new AppError('invalid_credentials');
	};
	if (!u || u.disabled || !input.password) throw await fail();

	const res = await deps.auth.api.signInUsername({
		body: { username: u.username, password: input.password },
		headers: input.headers,
		asResponse: true
	});
	if (!res.ok) throw await fail();
	await clearFailures(deps.db, keys.id);
	return { setCookies: res.headers.getSetCookie(), userId: u.id };
}

export async function signOut(deps: { auth: Auth }, headers: Headers): Promise<string[]> {
	const res = await deps.auth.api.signOut({ headers, asResponse: true });
	return res.headers.getSetCookie();
}
