import { eq, sql } from 'drizzle-orm';
import type { ExistingFederation } from '../../domain/import/types';
import { assertCan, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { federation } from '../db/schema';

/** A federation by id or by short name ("FENCOMIN"), for new cooperatives in scripted imports. */
export async function findImportFederation(
	deps: { db: Executor },
	actor: Actor | null,
	idOrShortName: string
): Promise<ExistingFederation | null> {
	assertCan(actor, 'import.run');
	const cols = {
		id: federation.id,
		name: federation.name,
		shortName: federation.shortName,
		department: federation.department
	};
	const byId = /^[0-9a-f-]{36}$/i.test(idOrShortName)
		? await deps.db.select(cols).from(federation).where(eq(federation.id, idOrShortName))
		: [];
	if (byId[0]) return byId[0];
	const [byName] = await deps.db
		.select(cols)
		.from(federation)
		.where(eq(sql`lower(${federation.shortName})`, idOrShortName.toLowerCase()));
	return byName ?? null;
}
