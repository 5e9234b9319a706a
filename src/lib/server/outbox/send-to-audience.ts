import { and, asc, eq, isNotNull } from 'drizzle-orm';
import {
	audienceKey,
	parseAudience,
	parseMessageBody,
	type Audience
} from '../../domain/outbox/compose';
import { afterQuietHours } from '../../domain/outbox/reminder-times';
import { assertCan, type Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import type { Db, Executor } from '../db/client';
import { cohort, cooperative, enrolment, messageBatch, team } from '../db/schema';
import { AppError } from '../errors';
import { loadRecipients, queueMessages, type Recipient } from './recipients';

interface Deps {
	db: Db;
	now?: () => Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AudienceChoices {
	cohort: { id: string; name: string };
	teams: { id: string; name: string }[];
	cooperatives: { id: string; name: string }[];
}

/** The cohort and the groups a message can go to: its teams, the cooperatives of its members. */
export async function audienceChoices(
	deps: Deps,
	actor: Actor | null,
	cohortId: string
): Promise<AudienceChoices> {
	assertCan(actor, 'message.send', { cohortIds: [cohortId] });
	const [c] = await deps.db
		.select({ id: cohort.id, name: cohort.name })
		.from(cohort)
		.where(eq(cohort.id, cohortId));
	if (!c) throw new AppError('not_found');
	const teams = await deps.db
		.select({ id: team.id, name: team.name })
		.from(team)
		.where(eq(team.cohortId, cohortId))
		.orderBy(asc(team.name), asc(team.id));
	const cooperatives = await deps.db
		.selectDistinct({ id: cooperative.id, name: cooperative.name })
		.from(enrolment)
		.innerJoin(cooperative, eq(cooperative.id, enrolment.cooperativeId))
		.where(and(eq(enrolment.cohortId, cohortId), eq(enrolment.status, 'active')))
		.orderBy(asc(cooperative.name), asc(cooperative.id));
	return { cohort: c, teams, cooperatives };
}

async function audienceMembers(
	ex: Executor,
	cohortId: string,
	a: Audience,
	choices: AudienceChoices
): Promise<Recipient[]> {
	const inCohort = and(eq(enrolment.cohortId, cohortId), eq(enrolment.status, 'active'));
	let where = inCohort;
	if (a.kind === 'team') {
		if (!choices.teams.some((t) => t.id === a.id))
			throw new AppError('invalid_input', 'audience', { audience: 'outbox_err_audience' });
		where = and(inCohort, eq(enrolment.teamId, a.id), isNotNull(enrolment.teamId));
	}
	if (a.kind === 'cooperative') {
		if (!choices.cooperatives.some((c) => c.id === a.id))
			throw new AppError('invalid_input', 'audience', { audience: 'outbox_err_audience' });
		where = and(inCohort, eq(enrolment.cooperativeId, a.id));
	}
	const rows = await ex.select({ personId: enrolment.personId }).from(enrolment).where(where);
	return loadRecipients(
		ex,
		rows.map((r) => r.personId)
	);
}

export interface Preview {
	audience: string;
	body: string;
	recipients: Recipient[];
	reach: number;
}

function parseInput(input: { audience: string; body: string }) {
	const fields: Record<string, string> = {};
	const audience = parseAudience(input.audience);
	if (!audience) fields.audience = 'outbox_err_audience';
	const body = parseMessageBody(input.body);
	if (!body.ok) fields.body = body.error;
	if (!audience || !body.ok) throw new AppError('invalid_input', 'message', fields);
	return { audience, body: body.body };
}

/** Who would receive the message and on which channel ("no way to reach" when none). */
export async function previewMessage(
	deps: Deps,
	actor: Actor | null,
	input: { cohortId: string; audience: string; body: string }
): Promise<Preview> {
	const choices = await audienceChoices(deps, actor, input.cohortId);
	const { audience, body } = parseInput(input);
	const recipients = await audienceMembers(deps.db, input.cohortId, audience, choices);
	return {
		audience: audienceKey(audience),
		body,
		recipients,
		reach: recipients.filter((r) => r.routes.length).length
	};
}

/**
 * Queues the message for everyone reachable in the audience, once per confirm form
 * (`clientId`): a confirm sent again finds its batch and queues nothing. Outside quiet hours it
 * goes at once, else at 07:00 La Paz. The batch and its rows are written in one transaction.
 */
export async function queueManualMessage(
	deps: Deps,
	actor: Actor | null,
	input: { cohortId: string; audience: string; body: string; clientId: string }
): Promise<{ batchId: string; queued: number; reach: number; created: boolean }> {
	const choices = await audienceChoices(deps, actor, input.cohortId);
	assertCan(actor, 'message.send', { cohortIds: [input.cohortId] });
	if (!UUID.test(input.clientId))
		throw new AppError('invalid_input', 'clientId', { _: 'outbox_err_fix' });
	const { audience, body } = parseInput(input);
	const now = (deps.now ?? (() => new Date()))();
	return deps.db.transaction(async (tx) => {
		const [earlier] = await tx
			.select({ id: messageBatch.id, cohortId: messageBatch.cohortId, n: messageBatch.recipients })
			.from(messageBatch)
			.where(eq(messageBatch.clientId, input.clientId));
		if (earlier) {
			if (earlier.cohortId !== input.cohortId) throw new AppError('conflict', 'client id reused');
			return { batchId: earlier.id, queued: 0, reach: earlier.n, created: false };
		}
		const recipients = await audienceMembers(tx, input.cohortId, audience, choices);
		const reach = recipients.filter((r) => r.routes.length);
		if (!reach.length)
			throw new AppError('invalid_input', 'nobody', { audience: 'outbox_err_nobody' });
		const [batch] = await tx
			.insert(messageBatch)
			.values({
				clientId: input.clientId,
				cohortId: input.cohortId,
				audience: audienceKey(audience),
				body,
				recipients: reach.length,
				createdBy: actor.userId
			})
			.returning({ id: messageBatch.id });
		const sendAfter = afterQuietHours(now);
		const queued = await queueMessages(
			tx,
			reach.flatMap((r) =>
				r.routes.map((route) => ({
					dedupeKey: `batch:${batch!.id}:${r.personId}:${route.channel}`,
					batchId: batch!.id,
					kind: 'manual',
					channel: route.channel,
					personId: r.personId,
					recipient: route.address,
					locale: r.locale,
					body,
					template: 'minka_message',
					templateParams: [body],
					sendAfter,
					createdBy: actor.userId
				}))
			)
		);
		await recordAudit(tx, actor, {
			action: 'create',
			entity: 'message_batch',
			entityId: batch!.id,
			changes: { audience: audienceKey(audience), recipients: reach.length, messages: queued }
		});
		return { batchId: batch!.id, queued, reach: reach.length, created: true };
	});
}
