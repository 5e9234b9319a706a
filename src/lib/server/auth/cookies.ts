import type { Cookies } from '@sveltejs/kit';

/** Copies Set-Cookie headers from a better-auth response onto SvelteKit's cookies. */
export function applySetCookies(cookies: Cookies, setCookies: string[]) {
	for (const header of setCookies) {
		const [pair, ...attrs] = header.split(';').map((s) => s.trim());
		if (!pair) continue;
		const eq = pair.indexOf('=');
		const name = pair.slice(0, eq);
		const value = decodeURIComponent(pair.slice(eq + 1));
		const opts: Parameters<Cookies['set']>[2] = { path: '/' };
		for (const a of attrs) {
			const [k, v] = a.split('=') as [string, string | undefined];
			switch (k.toLowerCase()) {
				case 'path':
					opts.path = v ?? '/';
					break;
				case 'max-age':
					opts.maxAge = Number(v);
					break;
				case 'expires':
					opts.expires = new Date(v ?? '');
					break;
				case 'httponly':
					opts.httpOnly = true;
					break;
				case 'secure':
					opts.secure = true;
					break;
				case 'samesite':
					opts.sameSite = (v?.toLowerCase() ?? 'lax') as 'lax' | 'strict' | 'none';
					break;
			}
		}
		opts.httpOnly ??= false;
		opts.secure ??= false;
		cookies.set(name, value, opts);
	}
}
