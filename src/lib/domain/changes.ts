/** One changed field: what it was and what it became. */
export interface Change {
	from: unknown;
	to: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields of `after` whose value differs from `before`, for the audit log. */
export function diffChanges<T extends Record<string, unknown>>(
	before: Partial<T>,
	after: Partial<T>
): Record<string, Change> {
	const out: Record<string, Change> = {};
	for (const key of Object.keys(after)) {
		if (!same(before[key], after[key]))
			out[key] = { from: before[key] ?? null, to: after[key] ?? null };
	}
	return out;
}

export function isChange(v: unknown): v is Change {
	return typeof v === 'object' && v !== null && 'from' in v && 'to' in v;
}
