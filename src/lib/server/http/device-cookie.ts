import { randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';

/**
 * A random id for this phone (browser), kept a year. A group run is led by the device that
 * started it: the id says "this phone", not who is signed in on it (a shared phone changes hands).
 */
export const DEVICE_COOKIE = 'minka_device';

export function deviceId(cookies: Cookies, url: URL): string {
	const current = cookies.get(DEVICE_COOKIE);
	if (current && /^[A-Za-z0-9_-]{16,64}$/.test(current)) return current;
	const id = randomBytes(18).toString('base64url');
	cookies.set(DEVICE_COOKIE, id, {
		path: '/',
		maxAge: 365 * 86_400,
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:'
	});
	return id;
}
