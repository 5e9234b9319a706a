import { eq, sql } from 'drizzle-orm';
import { assertCan, can, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { outer } from '../db/outer';
import { cooperative, federation, person } from '../db/schema';
import { AppError } from '../errors';

/** A federation's page: its data and how many cooperatives and members it has. */
export async function getFederation(deps: { db: Executor }, actor: Actor | null, id: string) {
	assertCan(actor, 'federation.read', { federationId: id });
	const [row] = await deps.db
		.select({
			id: federation.id,
			name: federation.name,
			shortName: federation.shortName,
			level: federation.level,
			department: federation.department,
			cooperatives: sql<number>`(select count(*)::int from ${cooperative} where ${cooperative.federationId} = ${outer(federation.id)})`,
			// Nested subqueries keep every column unambiguous (see db/outer.ts).
			people: sql<number>`(select count(*)::int from ${person} where ${person.cooperativeId} in (select ${cooperative.id} from ${cooperative} where ${cooperative.federationId} = ${outer(federation.id)}))`
		})
		.from(federation)
		.where(eq(federation.id, id));
	if (!row) throw new AppError('not_found');
	return {
		...row,
		canEdit: can(actor, 'org.manage'),
		canSeeHistory: can(actor, 'audit.read')
	};
}
