/** What an xAPI key may read, as written on the command line: `all`, `programme:ID`, `federation:ID`. */
export type ApiKeyScope =
	| { kind: 'all' }
	| { kind: 'programme'; programmeId: string }
	| { kind: 'federation'; federationId: string };

const scopeRe =
	/^(programme|federation):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function parseApiKeyScope(raw: string): ApiKeyScope | null {
	if (raw === 'all') return { kind: 'all' };
	const m = scopeRe.exec(raw.trim());
	if (!m) return null;
	const id = m[2]!.toLowerCase();
	return m[1] === 'programme'
		? { kind: 'programme', programmeId: id }
		: { kind: 'federation', federationId: id };
}

export function formatApiKeyScope(s: ApiKeyScope): string {
	return s.kind === 'all'
		? 'all'
		: s.kind === 'programme'
			? `programme:${s.programmeId}`
			: `federation:${s.federationId}`;
}
