import { and, eq, ne } from 'drizzle-orm';
import { assertCan, type Actor } from '../access/guard';
import { getCurriculum } from '../curriculum/get-curriculum';
import { sessionRun } from '../db/schema';
import { AppError } from '../errors';
import { contentIri, recordEvents } from '../learning/record-event';
import { notifyRunChanged } from '../live/notify';
import { loadTeamAccess } from './team-access';
import { clock, deviceOrNull, type RunDeps } from './run-state';

export interface StartRunInput {
	team: unknown;
	course: unknown;
	module: unknown;
	session: unknown;
	mode: unknown;
	/** Generated when the form was built: a retried post finds the run it already made. */
	clientId: unknown;
	/** The starting device (the `minka_device` cookie): it leads the run. */
	deviceId: string | null;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const slug = (v: unknown) => (typeof v === 'string' && /^[a-z0-9-]{1,80}$/.test(v) ? v : null);

/**
 * Starts a team's run of a session (`group`), or one member's catch-up run (`catch_up`). Starting
 * a session the team already has open resumes that run; a retried post returns the run it made.
 */
export async function startRun(
	deps: RunDeps,
	actor: Actor | null,
	input: StartRunInput
): Promise<{ id: string; resumed: boolean }> {
	if (!actor) throw new AppError('unauthenticated');
	const { db } = deps;
	const teamId = typeof input.team === 'string' && uuid.test(input.team) ? input.team : null;
	if (!teamId) throw new AppError('not_found', 'team');
	const t = await loadTeamAccess(db, actor, teamId);
	if (!t) throw new AppError('not_found', 'team');
	assertCan(actor, 'run.write', t.scope);

	const fields: Record<string, string> = {};
	const mode = input.mode === 'catch_up' ? 'catch_up' : input.mode === 'group' ? 'group' : null;
	if (!mode) fields.mode = 'invalid';
	const clientId =
		typeof input.clientId === 'string' && uuid.test(input.clientId) ? input.clientId : null;
	if (!clientId) fields.clientId = 'invalid';
	const curriculum = await getCurriculum();
	const at = {
		course: slug(input.course),
		module: slug(input.module),
		session: slug(input.session)
	};
	const session =
		at.course && at.module && at.session
			? curriculum.session(at.course, at.module, at.session)
			: undefined;
	// Any session of a course the team's cohort has.
	if (!session || !t.courses.includes(at.course!)) fields.session = 'not_found';
	// Catching up is a member's own act: a lead who is not in the team has nothing to catch up.
	if (mode === 'catch_up' && (!t.scope.teamMember || !actor.personId)) fields.mode = 'not_catch_up';
	if (Object.keys(fields).length) throw new AppError('invalid_input', 'start run', fields);
	const where = { course: at.course!, module: at.module!, session: at.session! };

	const result = await db.transaction(async (tx) => {
		const [same] = await tx.select().from(sessionRun).where(eq(sessionRun.id, clientId!));
		if (same) {
			// The retry of a start that went through (or an id that is not this team's: refused).
			if (
				same.teamId !== t.id ||
				same.course !== where.course ||
				same.module !== where.module ||
				same.session !== where.session ||
				same.mode !== mode
			)
				throw new AppError('conflict', 'client id used for another run');
			return { id: same.id, resumed: true, created: false };
		}
		const open = () =>
			tx
				.select({ id: sessionRun.id })
				.from(sessionRun)
				.where(
					and(
						eq(sessionRun.teamId, t.id),
						eq(sessionRun.course, where.course),
						eq(sessionRun.module, where.module),
						eq(sessionRun.session, where.session),
						eq(sessionRun.mode, mode!),
						ne(sessionRun.status, 'completed'),
						mode === 'catch_up' ? eq(sessionRun.personId, actor.personId!) : undefined
					)
				)
				.limit(1);
		const [existing] = await open();
		if (existing) return { id: existing.id, resumed: true, created: false };
		const now = clock(deps);
		const inserted = await tx
			.insert(sessionRun)
			.values({
				id: clientId!,
				teamId: t.id,
				cohortId: t.cohortId,
				...where,
				contentVersion: curriculum.version,
				mode: mode!,
				personId: mode === 'catch_up' ? actor.personId : null,
				// Alone there is no attendance to take: straight to the first step.
				stage: mode === 'catch_up' ? 'play' : 'setup',
				stepStartedAt: mode === 'catch_up' ? now : null,
				leadDevice: deviceOrNull(input.deviceId),
				startedBy: actor.userId,
				startedAt: now,
				updatedAt: now
			})
			// Another phone of the team started the same session a moment ago: join its run.
			.onConflictDoNothing()
			.returning({ id: sessionRun.id });
		if (!inserted.length) {
			const [raced] = await open();
			if (!raced) throw new AppError('conflict', 'run start raced');
			return { id: raced.id, resumed: true, created: false };
		}
		await recordEvents(tx, [
			{
				key: `run:${clientId}:initialized`,
				userId: actor.userId,
				personId: actor.personId,
				verb: 'initialized',
				objectType: 'session',
				objectId: contentIri(curriculum.version, where.course, where.module, where.session),
				context: {
					team: t.id,
					cohort: t.cohortId,
					cooperative: t.cooperativeId,
					run: clientId,
					mode
				},
				at: now
			}
		]);
		return { id: clientId!, resumed: false, created: true };
	});
	if (result.created) notifyRunChanged(result.id);
	return { id: result.id, resumed: result.resumed };
}
