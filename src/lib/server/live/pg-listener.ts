import pg from 'pg';

/** Channels this process listens on (lower case: PostgreSQL folds unquoted names). */
export type Channel = 'minka_run' | 'minka_auth';
const CHANNELS: Channel[] = ['minka_run', 'minka_auth'];

export interface PgListenerOptions {
	url: string;
	/** Called on a lost connection or a failed reconnect (the listener keeps trying). */
	onError?: (message: string, error: unknown) => void;
	/** First wait before reconnecting; doubles up to `maxRetryMs`. */
	retryMs?: number;
	maxRetryMs?: number;
}

/**
 * One dedicated connection per process doing `LISTEN` (a pooled connection would be handed to
 * other queries and lose its LISTEN). Reconnects with back-off when the connection drops; after
 * a reconnect it calls `onReconnect` handlers, since notifications sent meanwhile are lost and
 * whoever relies on them must catch up.
 */
export class PgListener {
	private client: pg.Client | undefined;
	private closed = false;
	private connecting: Promise<void> | undefined;
	private timer: NodeJS.Timeout | undefined;
	private wait: number;
	private everConnected = false;
	private readonly handlers = new Map<Channel, Set<(payload: string) => void>>();
	private readonly reconnectHandlers = new Set<() => void>();

	constructor(private readonly opts: PgListenerOptions) {
		this.wait = opts.retryMs ?? 500;
	}

	/** Connects and listens; resolves once the first LISTEN is in place (or rejects). */
	start(): Promise<void> {
		this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
		return this.connecting;
	}

	on(channel: Channel, handler: (payload: string) => void): () => void {
		let set = this.handlers.get(channel);
		if (!set) this.handlers.set(channel, (set = new Set()));
		set.add(handler);
		return () => set.delete(handler);
	}

	onReconnect(handler: () => void): () => void {
		this.reconnectHandlers.add(handler);
		return () => this.reconnectHandlers.delete(handler);
	}

	/** Whether the LISTEN connection is up right now. */
	get connected(): boolean {
		return !!this.client;
	}

	private async connect(): Promise<void> {
		const client = new pg.Client({ connectionString: this.opts.url });
		client.on('notification', (n) => {
			const set = this.handlers.get(n.channel as Channel);
			if (!set) return;
			for (const h of [...set]) {
				try {
					h(n.payload ?? '');
				} catch (e) {
					this.opts.onError?.('live handler failed', e);
				}
			}
		});
		// An error on an idle client (server restart, network cut) is followed by 'end'.
		client.on('error', (e) => this.opts.onError?.('live connection error', e));
		client.on('end', () => {
			if (this.client !== client) return;
			this.client = undefined;
			if (!this.closed) this.scheduleReconnect();
		});
		try {
			await client.connect();
			for (const c of CHANNELS) await client.query(`listen ${c}`);
		} catch (e) {
			client.removeAllListeners('end');
			await client.end().catch(() => undefined);
			throw e;
		}
		if (this.closed) {
			await client.end().catch(() => undefined);
			return;
		}
		this.client = client;
		this.wait = this.opts.retryMs ?? 500;
		if (this.everConnected) for (const h of [...this.reconnectHandlers]) h();
		this.everConnected = true;
	}

	private scheduleReconnect() {
		if (this.closed || this.timer) return;
		const wait = this.wait;
		this.wait = Math.min(this.wait * 2, this.opts.maxRetryMs ?? 10_000);
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.start().catch((e) => {
				this.opts.onError?.('live reconnect failed', e);
				this.scheduleReconnect();
			});
		}, wait);
		this.timer.unref();
	}

	/** Drops the connection as a network cut would (tests of the reconnect path). */
	async dropConnection(): Promise<void> {
		const c = this.client;
		if (!c) return;
		// Ending from the server side (pg_terminate_backend) is what a real cut looks like.
		const killer = new pg.Client({ connectionString: this.opts.url });
		await killer.connect();
		try {
			await killer.query('select pg_terminate_backend($1)', [
				(c as unknown as { processID: number }).processID
			]);
		} finally {
			await killer.end();
		}
	}

	async close(): Promise<void> {
		this.closed = true;
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		await this.connecting?.catch(() => undefined);
		const c = this.client;
		this.client = undefined;
		await c?.end().catch(() => undefined);
	}
}
