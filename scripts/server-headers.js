// Headers every response carries, the built app's static files included (those never reach
// hooks.server.ts, which adds the rest to pages).

/** @param {string} origin the ORIGIN the app is served at */
export function serverHeaders(origin) {
	/** @type {Record<string, string>} */
	const headers = { 'x-content-type-options': 'nosniff' };
	// Served over https: browsers keep to https for a year, even if a link or a typed address
	// says http (on a shared Wi-Fi, the first plain request could be tampered with).
	if (origin.startsWith('https://')) headers['strict-transport-security'] = 'max-age=31536000';
	return headers;
}
