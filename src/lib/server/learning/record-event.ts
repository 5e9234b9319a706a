import { createHash } from 'node:crypto';
import type { Executor } from '../db/client';
import { learningEvent } from '../db/schema';

/**
 * xAPI verbs we record, with their IRIs (ADL's registry where it has one, else the TinCan
 * registry). Stored as the IRI, so an LRS or BI tool reads them without a mapping.
 */
export const verbs = {
	initialized: 'http://adlnet.gov/expapi/verbs/initialized',
	completed: 'http://adlnet.gov/expapi/verbs/completed',
	attended: 'http://adlnet.gov/expapi/verbs/attended',
	answered: 'http://adlnet.gov/expapi/verbs/answered',
	scored: 'http://adlnet.gov/expapi/verbs/scored',
	voted: 'http://id.tincanapi.com/verb/voted',
	decided: 'http://id.tincanapi.com/verb/decided',
	roleTaken: 'http://id.tincanapi.com/verb/adopted',
	progressed: 'http://adlnet.gov/expapi/verbs/progressed'
} as const;
export type Verb = keyof typeof verbs;

/** xAPI activity types for the object. */
export const activityTypes = {
	course: 'http://adlnet.gov/expapi/activities/course',
	session: 'http://adlnet.gov/expapi/activities/meeting',
	activity: 'http://adlnet.gov/expapi/activities/interaction',
	assessment: 'http://adlnet.gov/expapi/activities/assessment'
} as const;

/**
 * The IRI of a piece of content, built from its slugs and the content version it was used in:
 * `urn:minka:content:<version>:<course>[/<module>/<session>[/<step>]]`, or `…:<course>/pre-test`.
 */
export function contentIri(version: string, ...path: (string | number)[]): string {
	return `urn:minka:content:${version}:${path.join('/')}`;
}

export interface LearningEventInput {
	/** What makes this act unique (e.g. `run:<id>:completed`): a replay writes nothing twice. */
	key: string;
	userId: string | null;
	personId: string | null;
	verb: Verb;
	objectType: keyof typeof activityTypes;
	objectId: string;
	result?: Record<string, unknown>;
	/** Team, cohort, cooperative (ids), and anything else that places the act. */
	context?: Record<string, unknown>;
	at?: Date;
}

/** A stable UUID (sha-1 name-based layout, RFC 9562 version 5) for an event key. */
export function eventId(key: string): string {
	const h = createHash('sha1').update(`minka-learning-event:${key}`).digest();
	h[6] = (h[6]! & 0x0f) | 0x50;
	h[8] = (h[8]! & 0x3f) | 0x80;
	const x = h.subarray(0, 16).toString('hex');
	return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * Writes learning events in the caller's transaction, next to the act they describe. Events with
 * a key already stored are skipped, so retried requests never duplicate the record.
 */
export async function recordEvents(db: Executor, events: LearningEventInput[]): Promise<void> {
	if (events.length === 0) return;
	await db
		.insert(learningEvent)
		.values(
			events.map((e) => ({
				id: eventId(e.key),
				userId: e.userId,
				personId: e.personId,
				verb: verbs[e.verb],
				objectType: activityTypes[e.objectType],
				objectId: e.objectId,
				result: e.result ?? null,
				context: e.context ?? null,
				occurredAt: e.at ?? new Date()
			}))
		)
		.onConflictDoNothing({ target: learningEvent.id });
}
