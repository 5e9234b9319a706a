/** A name fit for a downloaded file: ASCII letters and digits joined by dashes, at most 60. */
export function fileSlug(name: string, fallback = 'cooperativa'): string {
	const slug = name
		.normalize('NFD')
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.toLowerCase()
		.slice(0, 60)
		.replace(/-$/, '');
	return slug || fallback;
}
