import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Executor } from '../db/client';
import { migrationsFolder } from '../db/migrate';

/** Tables that describe this server's own backup files, not the programme: never carried along. */
export const NOT_BACKED_UP = new Set(['backup_run']);

export interface Journal {
	entries: Array<{ idx: number; when: number; tag: string }>;
}

export function readJournal(folder = migrationsFolder()): Journal {
	return JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as Journal;
}

/** The code's migration level: how many migrations it has and the last one's timestamp. */
export function codeMigrationLevel(): { count: number; last: number } {
	const { entries } = readJournal();
	return { count: entries.length, last: entries.at(-1)?.when ?? 0 };
}

/** The database's migration level, from drizzle's own record (none: a database never migrated). */
export async function dbMigrationLevel(db: Executor): Promise<{ count: number; last: number }> {
	const exists = await db.execute(
		sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`
	);
	if (!(exists.rows[0] as { present: boolean }).present) return { count: 0, last: 0 };
	const r = await db.execute(
		sql`select count(*)::int as count, coalesce(max(created_at), 0)::text as last from drizzle.__drizzle_migrations`
	);
	const row = r.rows[0] as { count: number; last: string };
	return { count: Number(row.count), last: Number(row.last) };
}

/**
 * Our tables with their stored columns (generated ones are computed again on restore), ordered so
 * that each comes after the tables it references: rows can then be inserted in file order.
 */
export async function listTables(db: Executor): Promise<Array<Omit<TableInfoLite, 'rows'>>> {
	const cols = await db.execute(sql`
		select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type
		from pg_class c join pg_attribute a on a.attrelid = c.oid
		where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
			and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
		order by c.relname, a.attnum`);
	const fks = await db.execute(sql`
		select distinct conrelid::regclass::text as child, confrelid::regclass::text as parent
		from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace`);
	const tables = new Map<string, { name: string; columns: string[]; types: string[] }>();
	for (const r of cols.rows as Array<{ table: string; column: string; type: string }>) {
		if (NOT_BACKED_UP.has(r.table)) continue;
		let t = tables.get(r.table);
		if (!t) tables.set(r.table, (t = { name: r.table, columns: [], types: [] }));
		t.columns.push(r.column);
		t.types.push(r.type);
	}
	const parents = new Map<string, Set<string>>();
	for (const r of fks.rows as Array<{ child: string; parent: string }>) {
		const child = unquote(r.child);
		const parent = unquote(r.parent);
		if (child === parent || !tables.has(child) || !tables.has(parent)) continue;
		(parents.get(child) ?? parents.set(child, new Set()).get(child)!).add(parent);
	}
	const ordered: Array<{ name: string; columns: string[]; types: string[] }> = [];
	const state = new Map<string, 'visiting' | 'done'>();
	const visit = (name: string) => {
		if (state.get(name) === 'done') return;
		if (state.get(name) === 'visiting')
			throw new Error(`Foreign keys form a cycle through ${name}: no restore order exists`);
		state.set(name, 'visiting');
		for (const p of [...(parents.get(name) ?? [])].sort()) visit(p);
		state.set(name, 'done');
		ordered.push(tables.get(name)!);
	};
	for (const name of [...tables.keys()].sort()) visit(name);
	return ordered;
}

interface TableInfoLite {
	name: string;
	columns: string[];
	types: string[];
	rows: number;
}

function unquote(name: string): string {
	return name.replace(/^public\./, '').replace(/^"(.*)"$/, '$1');
}

export function quoteIdent(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}

/** Rows per table, as the caller's transaction sees them. */
export async function countRows(db: Executor, tables: string[]): Promise<Record<string, number>> {
	const out: Record<string, number> = {};
	for (const t of tables) {
		const r = await db.execute(sql.raw(`select count(*)::int as n from ${quoteIdent(t)}`));
		out[t] = Number((r.rows[0] as { n: number }).n);
	}
	return out;
}
