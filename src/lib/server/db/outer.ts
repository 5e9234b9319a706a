import { getTableName, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * A column of the outer query, always written "table"."column". Drizzle leaves column names
 * unqualified in single-table selects, and inside a correlated subquery an unqualified "id" would
 * silently mean the subquery's own column.
 */
export const outer = (column: AnyPgColumn): SQL =>
	sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
