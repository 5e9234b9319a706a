import { and, eq, isNotNull } from 'drizzle-orm';
import { join } from 'node:path';
import type { Actor } from '../access/guard';
import type { Executor } from '../db/client';
import { followUpUpdate } from '../db/schema';
import { AppError } from '../errors';
import { isUuid, loadFollowUpTeam } from './round-context';

/**
 * An update's evidence file, for whoever may read the cooperative's plan (`plan.read`): where
 * it is on disk, its type (found from its bytes when it was received) and its name.
 */
export async function getEvidence(
	deps: { db: Executor; dataDir: string },
	actor: Actor | null,
	teamId: string,
	updateId: string
): Promise<{ path: string; type: string; name: string }> {
	const { workbookId } = await loadFollowUpTeam(deps.db, actor, teamId, 'plan.read');
	if (!isUuid(updateId) || !workbookId) throw new AppError('not_found');
	const [row] = await deps.db
		.select({
			path: followUpUpdate.evidencePath,
			type: followUpUpdate.evidenceType,
			name: followUpUpdate.evidenceName
		})
		.from(followUpUpdate)
		.where(
			and(
				eq(followUpUpdate.id, updateId),
				eq(followUpUpdate.workbookId, workbookId),
				isNotNull(followUpUpdate.evidencePath)
			)
		);
	// Only paths this code wrote: `evidence/<uuid>`.
	if (!row?.path || !/^evidence\/[0-9a-f-]{36}$/.test(row.path)) throw new AppError('not_found');
	return { path: join(deps.dataDir, row.path), type: row.type!, name: row.name ?? 'evidencia' };
}
