import { createHash, randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from 'better-auth/crypto';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import type { Auth } from './auth';
import { invalidateUser, sessionKey, whoCache } from './who-is-asking';
import { findUserByIdentifier, normalizeIdentifier } from './find-user';
import {
	accountKey,
	FREE_PER_ACCOUNT,
	FREE_PER_ADDRESS,
	recordSuccess,
	takeAttempt
} from './rate-limit';

export interface SignInInput {
	identifier: string;
	password: string;
	ip: string;
	headers: Headers;
}

// A hash to check wrong passwords of unknown accounts against, so they take as long as known ones.
let decoy: Promise<string> | undefined;
const decoyHash = () => (decoy ??= hashPassword(randomBytes(16).toString('hex')));

/**
 * Signs in with a username, phone number or e-mail and a password. Returns the session cookies to
 * set. Every failure looks the same, so nobody learns whether an account exists. Attempts are
 * counted per account (however its identifier is written) and per address, before the password
 * is checked; once the free ones are spent, each further attempt must wait longer
 * (RateLimitedError says how long), even with the right password.
 */
export async function signIn(
	deps: { db: Db; auth: Auth; now?: () => Date },
	input: SignInInput
): Promise<{ setCookies: string[]; userId: string }> {
	const now = deps.now?.() ?? new Date();
	const u = await findUserByIdentifier(deps.db, input.identifier);
	// An unknown identifier gets a counter of its own, so it is slowed exactly like an account.
	const normal = normalizeIdentifier(input.identifier);
	const key = u
		? accountKey(u.id)
		: `id:${createHash('sha256').update(`${normal?.kind}:${normal?.value}`).digest('base64url')}`;
	const address = `ip:${input.ip}`;
	// The address first: a refused address must not eat into the accounts it tries.
	await takeAttempt(deps.db, address, FREE_PER_ADDRESS, now);
	await takeAttempt(deps.db, key, FREE_PER_ACCOUNT, now);

	if (!u || u.disabled || !input.password) {
		await verifyPassword({ hash: await decoyHash(), password: input.password });
		throw new AppError('invalid_credentials');
	}
	const res = await deps.auth.api.signInUsername({
		body: { username: u.username, password: input.password },
		headers: input.headers,
		asResponse: true
	});
	if (!res.ok) throw new AppError('invalid_credentials');
	await recordSuccess(deps.db, { account: key, address });
	return { setCookies: res.headers.getSetCookie(), userId: u.id };
}

/**
 * Opens a session right after a password was set through a link. Not counted: the link was the
 * credential, and it works even while the account's sign-in is slowed down.
 */
export async function signInAfterLink(
	deps: { auth: Auth },
	input: { username: string; password: string; headers: Headers }
): Promise<{ setCookies: string[] }> {
	const res = await deps.auth.api.signInUsername({
		body: { username: input.username, password: input.password },
		headers: input.headers,
		asResponse: true
	});
	if (!res.ok) throw new AppError('invalid_credentials');
	return { setCookies: res.headers.getSetCookie() };
}

/**
 * Ends the session. This process forgets it at once; other processes when the notification
 * reaches them, and at the latest after the who-is-asking cache's TTL.
 */
export async function signOut(
	deps: { auth: Auth },
	headers: Headers,
	userId: string | null
): Promise<string[]> {
	const key = sessionKey(headers);
	const res = await deps.auth.api.signOut({ headers, asResponse: true });
	if (key) whoCache().delete(key);
	if (userId) invalidateUser(userId);
	return res.headers.getSetCookie();
}
