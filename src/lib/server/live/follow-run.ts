import { eq } from 'drizzle-orm';
import type { Actor } from '../access/guard';
import type { Db } from '../db/client';
import { sessionRun } from '../db/schema';
import { loadRunContext } from '../sessions/run-context';
import { liveBus, type LiveBus } from './notify';

/** Streams open at once in this process; beyond it the client is told to come back later. */
export const MAX_STREAMS = 2_000;
/** Streams one account may hold open (a few phones, a few tabs). */
export const MAX_STREAMS_PER_USER = 8;
/** A comment this often keeps proxies and phone networks from closing an idle stream. */
export const HEARTBEAT_MS = 25_000;
/** A stream ends after this long; the browser reconnects, which checks access again. */
export const MAX_STREAM_MS = 30 * 60_000;
/** What the browser waits before reconnecting after a drop. */
export const RETRY_MS = 3_000;

/** Too many streams already: answer 503 with Retry-After. */
export class StreamsFullError extends Error {
	readonly retryAfterSeconds = 30;
	constructor() {
		super('too many live streams');
		this.name = 'StreamsFullError';
	}
}

/**
 * One version read per run per change in this process, however many followers it has: the hub
 * subscribes to the bus once per followed run and fans the version out. A change arriving during
 * a read is read again after it, so the last version sent is never older than the last change.
 */
export class RunVersionHub {
	private readonly runs = new Map<
		string,
		{ fns: Set<(v: number) => void>; off: () => void; reading: boolean; again: boolean }
	>();

	constructor(
		private readonly db: Db,
		private readonly bus: () => LiveBus = liveBus
	) {}

	get followedRuns(): number {
		return this.runs.size;
	}

	watch(runId: string, fn: (version: number) => void): () => void {
		let run = this.runs.get(runId);
		if (!run) {
			const created = {
				fns: new Set<(v: number) => void>(),
				off: () => {},
				reading: false,
				again: false
			};
			created.off = this.bus().subscribe(runId, () => void this.refresh(runId));
			this.runs.set(runId, created);
			run = created;
		}
		run.fns.add(fn);
		return () => {
			const r = this.runs.get(runId);
			if (!r) return;
			r.fns.delete(fn);
			if (!r.fns.size) {
				r.off();
				this.runs.delete(runId);
			}
		};
	}

	private async refresh(runId: string): Promise<void> {
		const run = this.runs.get(runId);
		if (!run) return;
		if (run.reading) {
			run.again = true;
			return;
		}
		run.reading = true;
		try {
			do {
				run.again = false;
				const version = await readVersion(this.db, runId).catch(() => null);
				if (version !== null) for (const fn of [...run.fns]) fn(version);
			} while (run.again && this.runs.get(runId) === run);
		} finally {
			run.reading = false;
		}
	}
}

async function readVersion(db: Db, runId: string): Promise<number | null> {
	const [row] = await db
		.select({ version: sessionRun.version })
		.from(sessionRun)
		.where(eq(sessionRun.id, runId));
	return row?.version ?? null;
}

/** Counts open streams, in total and per account. */
export class StreamLimits {
	private total = 0;
	private readonly perUser = new Map<string, number>();

	constructor(
		readonly max = MAX_STREAMS,
		readonly maxPerUser = MAX_STREAMS_PER_USER
	) {}

	get open(): number {
		return this.total;
	}

	/** Takes a slot, or throws StreamsFullError; the returned function gives it back (once). */
	take(userId: string): () => void {
		const mine = this.perUser.get(userId) ?? 0;
		if (this.total >= this.max || mine >= this.maxPerUser) throw new StreamsFullError();
		this.total++;
		this.perUser.set(userId, mine + 1);
		let given = false;
		return () => {
			if (given) return;
			given = true;
			this.total--;
			const n = (this.perUser.get(userId) ?? 1) - 1;
			if (n > 0) this.perUser.set(userId, n);
			else this.perUser.delete(userId);
		};
	}
}

export interface FollowDeps {
	db: Db;
	hub?: RunVersionHub;
	limits?: StreamLimits;
	heartbeatMs?: number;
	maxStreamMs?: number;
}

let processHub: RunVersionHub | undefined;
let processHubDb: Db | undefined;
const processLimits = new StreamLimits();

function hubFor(db: Db): RunVersionHub {
	if (!processHub || processHubDb !== db) {
		processHub = new RunVersionHub(db);
		processHubDb = db;
	}
	return processHub;
}

/**
 * A Server-Sent Events stream of a run's version: `{"version":N}` at once and after every change,
 * a heartbeat comment every `heartbeatMs`. It carries no data: a follower whose version differs
 * reloads the page, which checks access and shows what it may see. Checks `run.read` first.
 */
export async function followRun(
	deps: FollowDeps,
	actor: Actor | null,
	runId: string,
	signal?: AbortSignal
): Promise<ReadableStream<Uint8Array>> {
	const run = await loadRunContext(deps.db, actor, runId, 'run.read');
	const release = (deps.limits ?? processLimits).take(actor!.userId);
	const hub = deps.hub ?? hubFor(deps.db);
	const encoder = new TextEncoder();
	let stop = () => {};

	return new ReadableStream<Uint8Array>({
		start(controller) {
			let last = -1;
			let ended = false;
			const send = (text: string) => {
				if (ended) return;
				try {
					controller.enqueue(encoder.encode(text));
				} catch {
					stop();
				}
			};
			const sendVersion = (version: number) => {
				if (version === last) return;
				last = version;
				send(`data: {"version":${version}}\n\n`);
			};
			const unwatch = hub.watch(run.id, sendVersion);
			const beat = setInterval(() => send(': ping\n\n'), deps.heartbeatMs ?? HEARTBEAT_MS);
			const lifetime = setTimeout(() => stop(), deps.maxStreamMs ?? MAX_STREAM_MS);
			const onAbort = () => stop();
			stop = () => {
				if (ended) return;
				ended = true;
				unwatch();
				clearInterval(beat);
				clearTimeout(lifetime);
				signal?.removeEventListener('abort', onAbort);
				release();
				try {
					controller.close();
				} catch {
					// already closed by the reader
				}
			};
			if (signal?.aborted) return stop();
			signal?.addEventListener('abort', onAbort);
			send(`retry: ${RETRY_MS}\n\n`);
			sendVersion(run.version);
			// A change committed between the access check and the subscription would be missed.
			void readVersion(deps.db, run.id)
				.then((v) => v !== null && sendVersion(v))
				.catch(() => undefined);
		},
		cancel() {
			stop();
		}
	});
}
