import { and, eq, gt, inArray, isNull, notInArray } from 'drizzle-orm';
import { channels, isChannel, type Channel } from '../../domain/outbox/channels';
import { assertCan, type Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import type { Db } from '../db/client';
import { contactOptOut, enrolment, liveSession, outboxMessage, person } from '../db/schema';
import { syncLiveReminders } from './plan-reminders';
import { AppError } from '../errors';

/**
 * What the form was made from: the opt-outs as they stood, never empty ("v:" when none). A form
 * whose `seen` no longer matches was made before another change and writes nothing.
 */
export const optOutRevision = (optedOut: readonly string[]) =>
	`v:${[...optedOut].sort().join(',')}`;

/** The channels a person opted out of. Their own, or anyone's for a coordinator. */
export async function getOptOuts(
	deps: { db: Db },
	actor: Actor | null,
	personId: string
): Promise<Channel[]> {
	assertCan(actor, 'contact.opt_out', { personId });
	const rows = await deps.db
		.select({ channel: contactOptOut.channel })
		.from(contactOptOut)
		.where(eq(contactOptOut.personId, personId));
	return channels.filter((c) => rows.some((r) => r.channel === c));
}

/**
 * Sets which channels a person is not written to on (the whole set, as the form shows it: posting
 * it twice changes nothing). Waiting messages on a channel now refused are cancelled at once;
 * the worker checks again before sending anyway.
 */
export async function setOptOuts(
	deps: { db: Db; now?: () => Date },
	actor: Actor | null,
	input: { personId: string; optedOut: string[]; seen: string }
): Promise<Channel[]> {
	const now = (deps.now ?? (() => new Date()))();
	assertCan(actor, 'contact.opt_out', { personId: input.personId });
	if (!input.optedOut.every(isChannel) || input.optedOut.length > channels.length)
		throw new AppError('invalid_input', 'channel', { _: 'optout_err_form' });
	const wanted = [...new Set(input.optedOut as Channel[])];
	return deps.db.transaction(async (tx) => {
		const [p] = await tx
			.select({ id: person.id })
			.from(person)
			.where(eq(person.id, input.personId));
		if (!p) throw new AppError('not_found');
		const before = (
			await tx
				.select({ channel: contactOptOut.channel })
				.from(contactOptOut)
				.where(eq(contactOptOut.personId, p.id))
		).map((r) => r.channel);
		if (input.seen !== optOutRevision(before)) throw new AppError('conflict', 'opt-outs changed');
		await tx
			.delete(contactOptOut)
			.where(
				and(
					eq(contactOptOut.personId, p.id),
					wanted.length ? notInArray(contactOptOut.channel, wanted) : undefined
				)
			);
		if (wanted.length)
			await tx
				.insert(contactOptOut)
				.values(wanted.map((channel) => ({ personId: p.id, channel, recordedBy: actor.userId })))
				.onConflictDoNothing();
		if (wanted.length)
			await tx
				.update(outboxMessage)
				.set({ status: 'cancelled', lastError: 'opted out of this channel', updatedAt: now })
				.where(
					and(
						eq(outboxMessage.personId, p.id),
						eq(outboxMessage.status, 'queued'),
						inArray(outboxMessage.channel, wanted)
					)
				);
		const changed = before.length !== wanted.length || before.some((c) => !wanted.includes(c));
		if (changed)
			await recordAudit(tx, actor, {
				action: 'update',
				entity: 'contact_opt_out',
				entityId: p.id,
				changes: { optedOut: { from: [...before].sort(), to: [...wanted].sort() } }
			});
		// The person's coming live sessions are planned again: a refused channel's reminders are
		// cancelled, an SMS takes the place of a refused WhatsApp, a channel allowed again returns.
		if (changed) {
			const sessions = await tx
				.select({ id: liveSession.id })
				.from(liveSession)
				.innerJoin(enrolment, eq(enrolment.cohortId, liveSession.cohortId))
				.where(
					and(
						eq(enrolment.personId, p.id),
						gt(liveSession.startsAt, now),
						isNull(liveSession.cancelledAt)
					)
				);
			for (const s of sessions) await syncLiveReminders(tx, s.id, now);
		}
		return channels.filter((c) => wanted.includes(c));
	});
}
