import { randomUUID } from 'node:crypto';
import type { Actor } from '../../src/lib/server/access/guard';
import type { Executor } from '../../src/lib/server/db/client';
import { enrolment, runAttendance, sessionRun, team } from '../../src/lib/server/db/schema';
import {
	makeActor,
	makeCohort,
	makeCooperative,
	makeFederation,
	makePerson
} from '../factories/org';

/**
 * A cooperative with a team of members in a cohort, each member with an account (participant),
 * and the team's cooperative lead: what a group run needs. Runs are inserted as plain rows.
 */
export async function makeTeamWorld(db: Executor, members = 4) {
	const fed = await makeFederation(db);
	const coop = await makeCooperative(db, fed.id);
	const cohort = await makeCohort(db);
	const [t] = await db
		.insert(team)
		.values({
			cohortId: cohort.id,
			cooperativeId: coop.id,
			name: `Equipo ${randomUUID().slice(0, 4)}`
		})
		.returning();
	const people = [];
	const actors: Actor[] = [];
	for (let i = 0; i < members; i++) {
		const p = await makePerson(db, coop.id);
		await db
			.insert(enrolment)
			.values({ cohortId: cohort.id, personId: p.id, cooperativeId: coop.id, teamId: t!.id });
		people.push(p);
		actors.push(await makeActor(db, 'participant', { personId: p.id }));
	}
	const lead = await makeActor(db, 'cooperative_lead', { cooperativeId: coop.id });
	const facilitator = await makeActor(db, 'facilitator', { cohortId: cohort.id });
	return { fed, coop, cohort, team: t!, people, actors, lead, facilitator };
}

/** A run of a session, playing, with the given people ticked present. */
export async function makeRun(
	db: Executor,
	at: {
		teamId: string;
		cohortId: string;
		course: string;
		module: string;
		session: string;
		present?: string[];
		mode?: 'group' | 'catch_up';
		personId?: string;
		contentVersion?: string;
	}
) {
	const [run] = await db
		.insert(sessionRun)
		.values({
			id: randomUUID(),
			teamId: at.teamId,
			cohortId: at.cohortId,
			course: at.course,
			module: at.module,
			session: at.session,
			contentVersion: at.contentVersion ?? 'test',
			mode: at.mode ?? 'group',
			personId: at.mode === 'catch_up' ? at.personId : null,
			stage: 'play',
			stepStartedAt: new Date()
		})
		.returning();
	if (at.present?.length)
		await db
			.insert(runAttendance)
			.values(at.present.map((personId) => ({ runId: run!.id, personId })));
	return run!;
}
