/**
 * Where to send someone back to after a form, as a path on this site: `/\evil.example`,
 * `//evil.example`, `/\t/evil.example` and full URLs elsewhere all become `/`. The target is
 * resolved the way a browser would resolve it, then kept only if it stays on `origin`.
 */
export function sameOriginPath(target: string, origin: string): string {
	if (!target.startsWith('/')) return '/';
	let url: URL;
	try {
		url = new URL(target, origin);
	} catch {
		return '/';
	}
	if (url.origin !== new URL(origin).origin) return '/';
	return `${url.pathname}${url.search}${url.hash}`;
}
