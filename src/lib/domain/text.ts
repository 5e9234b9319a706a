/** Lower case without accents, for matching names typed in any way. */
export function fold(s: string): string {
	return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** "  juana   QUISPE " → "Juana Quispe" */
export function titleCase(s: string): string {
	return s
		.trim()
		.replace(/\s+/g, ' ')
		.toLocaleLowerCase('es')
		.replace(
			/(^|[\s'-])(\p{L})/gu,
			(_, sep: string, ch: string) => sep + ch.toLocaleUpperCase('es')
		);
}

/** A username from a person's names: "María José" "Quispe Mamani" → "maria.quispe". */
export function usernameBase(givenNames: string, surnames: string): string {
	const clean = (s: string) =>
		fold(s)
			.split(' ')
			.find((p) => p.length > 0)
			?.replace(/[^a-z0-9]/g, '') ?? '';
	const base = [clean(givenNames), clean(surnames)].filter(Boolean).join('.');
	return base.length >= 3 ? base : `socio${base}`;
}
