import { and, eq } from 'drizzle-orm';
import { nextAttemptAt } from '../../domain/outbox/retry';
import type { Db } from '../db/client';
import { contactOptOut, outboxMessage } from '../db/schema';
import { log } from '../log';
import type { Adapters } from './adapters/configured';
import type { SendResult } from './adapters/types';
import type { ClaimedMessage } from './claim-messages';

export type SendOutcome = 'sent' | 'retry' | 'failed' | 'cancelled' | 'lost';

/**
 * Sends one claimed message and records the answer. The opt-out is checked again here (it may
 * have come after the message was queued). Every write is guarded by the claim (`sending` and the
 * attempt number), so a worker whose lease ran out cannot overwrite the next one's result.
 */
export async function sendMessage(
	db: Db,
	adapters: Adapters,
	msg: ClaimedMessage,
	now: () => Date = () => new Date()
): Promise<SendOutcome> {
	const mine = and(
		eq(outboxMessage.id, msg.id),
		eq(outboxMessage.status, 'sending'),
		eq(outboxMessage.attempts, msg.attempts)
	);
	const finish = async (
		values: Partial<typeof outboxMessage.$inferInsert>,
		outcome: SendOutcome
	) => {
		const r = await db
			.update(outboxMessage)
			.set({ ...values, lockedUntil: null, updatedAt: now() })
			.where(mine)
			.returning({ id: outboxMessage.id });
		return r.length ? outcome : 'lost';
	};
	if (msg.personId) {
		const [out] = await db
			.select({ c: contactOptOut.channel })
			.from(contactOptOut)
			.where(and(eq(contactOptOut.personId, msg.personId), eq(contactOptOut.channel, msg.channel)));
		if (out)
			return finish({ status: 'cancelled', lastError: 'opted out of this channel' }, 'cancelled');
	}
	const adapter = adapters[msg.channel];
	let result: SendResult;
	if (!adapter) result = { ok: false, error: 'no adapter for this channel', retry: true };
	else {
		try {
			result = await adapter.send({
				id: msg.id,
				channel: msg.channel,
				recipient: msg.recipient,
				locale: msg.locale,
				kind: msg.kind,
				body: msg.body,
				template: msg.template,
				templateParams: msg.templateParams
			});
		} catch (e) {
			result = { ok: false, error: String(e).slice(0, 300), retry: true };
		}
	}
	if (result.ok)
		return finish(
			{ status: 'sent', sentAt: now(), providerId: result.providerId || null, lastError: null },
			'sent'
		);
	log.warn('message not sent', { id: msg.id, channel: msg.channel, error: result.error });
	const next = nextAttemptAt(msg.attempts, result.retry, now());
	return next
		? finish({ status: 'queued', nextAttemptAt: next, lastError: result.error }, 'retry')
		: finish({ status: 'failed', lastError: result.error }, 'failed');
}
