import { sql, type SQL } from 'drizzle-orm';
import { searchText } from '../../domain/list-query';
import { fold } from '../../domain/text';
import { foldSql } from '../db/schema';

export const PAGE_SIZE = 25;
/** Rows fetched per query when exporting a whole list. */
export const EXPORT_BATCH = 5000;

export interface Page<R> {
	rows: R[];
	total: number;
	page: number;
	pages: number;
	pageSize: number;
}

/**
 * A list query ready to run: access already checked, conditions built. The page and the
 * export both come from the same object, so an export can never hold rows the list would not.
 */
export interface PreparedList<R> {
	count(): Promise<number>;
	fetch(limit: number, offset: number): Promise<R[]>;
}

export async function toPage<R>(list: PreparedList<R>, requested: number): Promise<Page<R>> {
	const total = await list.count();
	const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
	const page = Math.min(Math.max(1, requested), pages);
	const rows = total ? await list.fetch(PAGE_SIZE, (page - 1) * PAGE_SIZE) : [];
	return { rows, total, page, pages, pageSize: PAGE_SIZE };
}

/** Every row of a list, in order, a batch at a time (for exports of 130,000 people). */
export async function* allRows<R>(list: PreparedList<R>): AsyncGenerator<R[]> {
	for (let offset = 0; ; offset += EXPORT_BATCH) {
		const rows = await list.fetch(EXPORT_BATCH, offset);
		if (rows.length) yield rows;
		if (rows.length < EXPORT_BATCH) return;
	}
}

/** A LIKE pattern for a folded search, or null when there is nothing to search for. */
export function searchPattern(q: string | undefined): string | null {
	const folded = fold(searchText(q ?? ''));
	if (!folded) return null;
	return `%${folded.replace(/[%_\\]/g, '\\$&')}%`;
}

/** Folds an expression the way the stored search columns are folded. */
export const folded = (expr: SQL) => foldSql(expr);

export const orderDir = (dir: 'asc' | 'desc') => sql.raw(dir === 'desc' ? 'desc' : 'asc');
