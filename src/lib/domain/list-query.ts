/**
 * The query of a list page — search, filters, sort, page — read from and written back to the
 * URL, so every list works without JavaScript and every view is a shareable link.
 */
export interface ListQuery<F extends string = string> {
	q: string;
	sort: string;
	dir: 'asc' | 'desc';
	page: number;
	filters: Partial<Record<F, string>>;
}

export interface ListSpec<F extends string = string> {
	sorts: readonly string[];
	defaultSort: string;
	defaultDir?: 'asc' | 'desc';
	/** Filter names, each with a test its value must pass (anything else is ignored). */
	filters: Record<F, (value: string) => boolean>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);
export const oneOf =
	(values: readonly string[]) =>
	(s: string): boolean =>
		values.includes(s);

/**
 * What a search box sent, fit to search with: control characters (NUL among them, which
 * PostgreSQL refuses in text) become spaces; at most 100 characters.
 */
export function searchText(q: string): string {
	return q
		.replace(/\p{Cc}/gu, ' ')
		.trim()
		.slice(0, 100);
}

/** Reads a list query; unknown sorts, bad pages and invalid filter values fall back quietly. */
export function parseListQuery<F extends string>(
	params: URLSearchParams,
	spec: ListSpec<F>
): ListQuery<F> {
	const sort = params.get('sort') ?? '';
	const dir = params.get('dir');
	const page = Number.parseInt(params.get('page') ?? '', 10);
	const filters: Partial<Record<F, string>> = {};
	for (const [name, valid] of Object.entries(spec.filters) as Array<[F, (v: string) => boolean]>) {
		const value = params.get(name)?.trim();
		if (value && valid(value)) filters[name] = value;
	}
	return {
		q: searchText(params.get('q') ?? ''),
		sort: spec.sorts.includes(sort) ? sort : spec.defaultSort,
		dir: dir === 'asc' || dir === 'desc' ? dir : (spec.defaultDir ?? 'asc'),
		page: Number.isFinite(page) && page > 0 ? Math.min(page, 100_000) : 1,
		filters
	};
}

/** The URL search string for a query, with changes; defaults are left out to keep links short. */
export function listHref(
	query: ListQuery,
	change: Partial<Omit<ListQuery, 'filters'>> & {
		filters?: Record<string, string | undefined>;
	} = {}
): string {
	const next = { ...query, ...change, filters: { ...query.filters, ...change.filters } };
	const p = new URLSearchParams();
	if (next.q) p.set('q', next.q);
	for (const [k, v] of Object.entries(next.filters)) if (v) p.set(k, v);
	p.set('sort', next.sort);
	p.set('dir', next.dir);
	if (next.page > 1) p.set('page', String(next.page));
	return `?${p}`;
}
