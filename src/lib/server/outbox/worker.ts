import type { Channel } from '../../domain/outbox/channels';
import type { Db } from '../db/client';
import { startRepeatingTask, type RepeatingTask } from '../repeating-task';
import type { Adapters } from './adapters/configured';
import { claimMessages } from './claim-messages';
import { planReminders } from './plan-reminders';
import { sendMessage, type SendOutcome } from './send-message';

/** How often the server plans reminders and sends what is due. */
export const OUTBOX_TICK_MS = 30_000;

export interface OutboxDeps {
	db: Db;
	adapters: Adapters;
	origin: string;
	now?: () => Date;
}

/**
 * One round: plan reminders, then send what is due on the channels that have an adapter, a batch
 * at a time. Messages of a channel without adapter stay queued for the outbox page.
 */
export async function runOutboxTick(
	deps: OutboxDeps,
	opts: { batch?: number } = {}
): Promise<Record<SendOutcome, number>> {
	const now = deps.now ?? (() => new Date());
	const counts: Record<SendOutcome, number> = {
		sent: 0,
		retry: 0,
		failed: 0,
		cancelled: 0,
		lost: 0
	};
	await planReminders({ db: deps.db, now: now(), origin: deps.origin });
	const channels = Object.keys(deps.adapters) as Channel[];
	const claimed = await claimMessages(deps.db, { channels, now: now(), limit: opts.batch ?? 20 });
	for (const msg of claimed) counts[await sendMessage(deps.db, deps.adapters, msg, now)]++;
	return counts;
}

/**
 * Runs the outbox in the server process, every `OUTBOX_TICK_MS`, like the backup schedule. Never
 * throws: an error is logged and the next tick tries again; a tick still running is not doubled.
 */
export function startOutboxWorker(deps: OutboxDeps): RepeatingTask {
	return startRepeatingTask(
		'outbox tick',
		async () => {
			await runOutboxTick(deps);
		},
		{ firstMs: 10_000, everyMs: OUTBOX_TICK_MS }
	);
}
