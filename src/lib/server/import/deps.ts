import type { Db } from '../db/client';

/** What the import use cases need: the database and a clock (ages are counted to today). */
export interface ImportDeps {
	db: Db;
	now?: () => Date;
}

export const nowOf = (deps: ImportDeps) => (deps.now ? deps.now() : new Date());
