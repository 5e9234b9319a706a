import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { waMeLink, type Channel } from '../../domain/outbox/channels';
import { assertCan, type Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import type { Db } from '../db/client';
import { outboxMessage, person } from '../db/schema';
import { AppError } from '../errors';

export const outboxStatuses = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];
export const OUTBOX_PAGE_SIZE = 50;
const MAX_PAGE = 2_000;

export interface OutboxRow {
	id: string;
	kind: string;
	channel: Channel;
	name: string | null;
	recipient: string;
	body: string;
	status: OutboxStatus;
	attempts: number;
	lastError: string | null;
	sendAfter: Date;
	sentAt: Date | null;
	byHand: boolean;
	waLink: string | null;
}

/**
 * The outbox for coordinators: newest first, filtered by status, a page at a time. A queued
 * message of a channel with no adapter is "waiting to be sent by hand"; WhatsApp ones carry a
 * wa.me link with the text ready.
 */
export async function listOutbox(
	deps: { db: Db; channels: readonly Channel[] },
	actor: Actor | null,
	query: { status?: string; page?: number }
): Promise<{
	rows: OutboxRow[];
	count: number;
	page: number;
	pages: number;
	status: OutboxStatus | null;
}> {
	assertCan(actor, 'outbox.manage');
	const status = outboxStatuses.find((s) => s === query.status) ?? null;
	const where = status ? eq(outboxMessage.status, status) : undefined;
	const [{ n }] = (await deps.db
		.select({ n: sql<number>`count(*)::int` })
		.from(outboxMessage)
		.where(where)) as [{ n: number }];
	const pages = Math.max(1, Math.ceil(n / OUTBOX_PAGE_SIZE));
	const page = Math.min(Math.max(1, Math.floor(query.page ?? 1) || 1), pages, MAX_PAGE);
	const rows = await deps.db
		.select({
			id: outboxMessage.id,
			kind: outboxMessage.kind,
			channel: outboxMessage.channel,
			givenNames: person.givenNames,
			surnames: person.surnames,
			recipient: outboxMessage.recipient,
			body: outboxMessage.body,
			status: outboxMessage.status,
			attempts: outboxMessage.attempts,
			lastError: outboxMessage.lastError,
			sendAfter: outboxMessage.sendAfter,
			sentAt: outboxMessage.sentAt
		})
		.from(outboxMessage)
		.leftJoin(person, eq(person.id, outboxMessage.personId))
		.where(where)
		.orderBy(desc(outboxMessage.createdAt), desc(outboxMessage.id))
		.limit(OUTBOX_PAGE_SIZE)
		.offset((page - 1) * OUTBOX_PAGE_SIZE);
	return {
		count: n,
		page,
		pages,
		status,
		rows: rows.map((r) => {
			const byHand = r.status === 'queued' && !deps.channels.includes(r.channel);
			return {
				id: r.id,
				kind: r.kind,
				channel: r.channel,
				name: r.givenNames ? `${r.givenNames} ${r.surnames}` : null,
				recipient: r.recipient,
				body: r.body,
				status: r.status,
				attempts: r.attempts,
				lastError: r.lastError,
				sendAfter: r.sendAfter,
				sentAt: r.sentAt,
				byHand,
				waLink:
					r.channel === 'whatsapp' && (r.status === 'queued' || r.status === 'failed')
						? waMeLink(r.recipient, r.body)
						: null
			};
		})
	};
}

/**
 * Someone sent a waiting (or failed) message by hand: it is recorded as sent. Only from those
 * states, in one guarded update, so a double click or a message the worker took meanwhile is a
 * conflict, never a second change.
 */
export async function markSentByHand(
	deps: { db: Db; now?: () => Date },
	actor: Actor | null,
	id: string
): Promise<void> {
	assertCan(actor, 'outbox.manage');
	const now = (deps.now ?? (() => new Date()))();
	await deps.db.transaction(async (tx) => {
		const [row] = await tx
			.update(outboxMessage)
			.set({ status: 'sent', sentAt: now, providerId: 'hand', lockedUntil: null, updatedAt: now })
			.where(and(eq(outboxMessage.id, id), inArray(outboxMessage.status, ['queued', 'failed'])))
			.returning({ id: outboxMessage.id });
		if (!row) throw new AppError('conflict', 'message not waiting');
		await recordAudit(tx, actor, { action: 'mark_sent', entity: 'outbox_message', entityId: id });
	});
}

/** A failed message is queued again, its attempts counted from zero. */
export async function retryMessage(
	deps: { db: Db; now?: () => Date },
	actor: Actor | null,
	id: string
): Promise<void> {
	assertCan(actor, 'outbox.manage');
	const now = (deps.now ?? (() => new Date()))();
	await deps.db.transaction(async (tx) => {
		const [row] = await tx
			.update(outboxMessage)
			.set({ status: 'queued', attempts: 0, nextAttemptAt: now, updatedAt: now })
			.where(and(eq(outboxMessage.id, id), eq(outboxMessage.status, 'failed')))
			.returning({ id: outboxMessage.id });
		if (!row) throw new AppError('conflict', 'message not failed');
		await recordAudit(tx, actor, { action: 'retry', entity: 'outbox_message', entityId: id });
	});
}
