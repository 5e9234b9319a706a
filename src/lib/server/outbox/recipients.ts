import { eq, inArray, sql } from 'drizzle-orm';
import { routesFor, type Channel } from '../../domain/outbox/channels';
import type { Executor } from '../db/client';
import { contactOptOut, outboxMessage, person, user } from '../db/schema';

export interface Recipient {
	personId: string;
	name: string;
	locale: 'es' | 'en';
	routes: { channel: Channel; address: string }[];
}

/**
 * The people as message recipients: their language (the account's, else Spanish) and the ways to
 * reach them (`routesFor`: phone of the person record, else of the account; the account's
 * e-mail), opt-outs already taken out.
 */
export async function loadRecipients(ex: Executor, personIds: string[]): Promise<Recipient[]> {
	const ids = [...new Set(personIds)];
	if (!ids.length) return [];
	const rows = await ex
		.select({
			id: person.id,
			givenNames: person.givenNames,
			surnames: person.surnames,
			phone: person.phone,
			userPhone: user.phone,
			email: user.email,
			locale: user.locale
		})
		.from(person)
		.leftJoin(user, eq(user.personId, person.id))
		.where(inArray(person.id, ids))
		.orderBy(person.surnames, person.givenNames, person.id);
	const outs = await ex
		.select({ personId: contactOptOut.personId, channel: contactOptOut.channel })
		.from(contactOptOut)
		.where(inArray(contactOptOut.personId, ids));
	return rows.map((r) => ({
		personId: r.id,
		name: `${r.givenNames} ${r.surnames}`,
		locale: r.locale === 'en' ? 'en' : 'es',
		routes: routesFor({
			phone: r.phone ?? r.userPhone,
			email: r.email,
			optedOut: outs.filter((o) => o.personId === r.id).map((o) => o.channel)
		})
	}));
}

export type QueuedRow = Omit<typeof outboxMessage.$inferInsert, 'id' | 'status' | 'attempts'>;

/**
 * Puts messages in the outbox, once per `dedupe_key`. A row planned again while it still waits
 * (or was cancelled) takes the new time and text: a moved session moves its reminders. A row
 * already sending, sent or failed is left alone.
 */
export async function queueMessages(ex: Executor, rows: QueuedRow[]): Promise<number> {
	let n = 0;
	for (let i = 0; i < rows.length; i += 500) {
		const chunk = rows.slice(i, i + 500);
		const r = await ex
			.insert(outboxMessage)
			.values(chunk.map((c) => ({ ...c, nextAttemptAt: c.sendAfter })))
			.onConflictDoUpdate({
				target: outboxMessage.dedupeKey,
				set: {
					sendAfter: sql`excluded.send_after`,
					nextAttemptAt: sql`excluded.send_after`,
					body: sql`excluded.body`,
					templateParams: sql`excluded.template_params`,
					recipient: sql`excluded.recipient`,
					locale: sql`excluded.locale`,
					status: 'queued',
					lastError: null,
					updatedAt: sql`now()`
				},
				// Only what changed: the planner runs every tick and must not rewrite every row.
				setWhere: sql`${outboxMessage.status} in ('queued', 'cancelled') and (${outboxMessage.status}, ${outboxMessage.sendAfter}, ${outboxMessage.body}, ${outboxMessage.recipient}, ${outboxMessage.locale}) is distinct from ('queued', excluded.send_after, excluded.body, excluded.recipient, excluded.locale)`
			})
			.returning({ id: outboxMessage.id });
		n += r.length;
	}
	return n;
}
