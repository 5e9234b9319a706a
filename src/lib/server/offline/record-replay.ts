import { createHash } from 'node:crypto';
import type { Actor } from '../access/guard';
import { authorOf } from '../import/system-actor';
import type { Executor } from '../db/client';
import { auditLog } from '../db/schema';
import { AppError } from '../errors';

/** The audit action of a post sent from a phone's queue (`static/js/offline.js`). */
export const REPLAY_ACTION = 'queue.replayed';

/** Longest address kept on the line: a player post is `/runs/<uuid>?/<action>`. */
const MAX_PATH = 200;

const runPath = /^\/runs\/([0-9a-f-]{36})$/i;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The run an item is about: the player's address, or for a session started with no signal
 * (`/runs/start`, sessions/draft-run.ts) the client id it posts, which becomes the run's id.
 */
function runOf(url: URL, body: Uint8Array): string | undefined {
	const id =
		runPath.exec(url.pathname)?.[1] ??
		(url.pathname === '/runs/start'
			? new URLSearchParams(new TextDecoder().decode(body)).get('clientId')
			: null);
	return id && uuid.test(id) ? id.toLowerCase() : undefined;
}

/**
 * What an item of the queue is, for "once": the member, the address and the exact body. Every
 * queued form carries what makes it one act — a move or a pause the run `version` it was made on
 * (one past the item before it), a note its `revision` and text, a worksheet, quiz or decision its
 * `clientId` / `revision`, a "+5 minutes" its `clientId` — so the same item sent again hashes the
 * same, and two acts never do. A hash: the line keeps neither the note's text nor the answers.
 */
export function replayKey(userId: string, path: string, body: Uint8Array): string {
	return createHash('sha256')
		.update(`minka-replay:${userId}\n${path}\n`)
		.update(body)
		.digest('hex')
		.slice(0, 32);
}

/**
 * One audit line for a post the phone kept with no signal and sent later, taken with the member's
 * own session (hooks.server.ts): who, which form (`/runs/<id>?/move`), the run, and what the
 * server answered. Sent again (its answer was lost, the server restarted), the same item writes
 * nothing more: the unique index `audit_log_replay_idx` on its key. A 5xx is not recorded — the
 * phone sends the item again and that answer is the one that counts.
 */
export async function recordReplay(
	db: Executor,
	actor: Actor | null,
	input: { url: URL; body: Uint8Array; status: number; at?: Date }
): Promise<boolean> {
	if (!actor) throw new AppError('unauthenticated');
	if (input.status >= 500) return false;
	const path = `${input.url.pathname}${input.url.search}`.slice(0, MAX_PATH);
	const run = runOf(input.url, input.body);
	const rows = await db
		.insert(auditLog)
		.values({
			actorUserId: authorOf(actor),
			action: REPLAY_ACTION,
			// Only the player's forms and a draft's start are queued; anything else is about the
			// member who sent it.
			entity: run ? 'session_run' : 'user',
			entityId: run ?? actor.userId,
			changes: {
				via: 'offline-queue',
				path,
				status: input.status,
				replay: replayKey(actor.userId, path, input.body)
			},
			...(input.at ? { at: input.at } : {})
		})
		.onConflictDoNothing()
		.returning({ id: auditLog.id });
	return rows.length > 0;
}
