import type { Case } from './corpus';

export const ROLES = [
	'anonymous',
	'admin',
	'coordinadora',
	'facilitador',
	'fencomin',
	'dirigente',
	'socia'
] as const;
export type Role = (typeof ROLES)[number];

export interface Reply {
	status: number;
	location: string | null;
	type: string;
	text: string;
	retryAfter?: string | null;
}

let addresses = 0;
/** A client address of its own (sent as X-Forwarded-For): sign-in limits count per address. */
const nextAddress = () => `10.77.${Math.floor(++addresses / 250)}.${(addresses % 250) + 1}`;

/** One browser: a role's session cookie and address. The locale cookie is never kept. */
export class Client {
	private cookies = new Map<string, string>();
	private address = nextAddress();
	constructor(
		readonly role: Role,
		readonly origin: string
	) {}

	async signIn(): Promise<void> {
		if (this.role === 'anonymous') return;
		this.cookies.clear();
		this.address = nextAddress();
		const r = await this.send('POST', '/sign-in', {
			name: 'sign-in',
			contentType: 'application/x-www-form-urlencoded',
			body: `identifier=${this.role}&password=minka-demo`
		});
		if (r.status !== 303 || ![...this.cookies.keys()].some((k) => k.includes('session')))
			throw new Error(`${this.role} could not sign in (${r.status})`);
	}

	/** Opens an event stream and keeps it open until `close` (to count the server's slots). */
	async openStream(path: string): Promise<Reply & { close(): void }> {
		const stop = new AbortController();
		const res = await fetch(this.origin + path, {
			headers: { ...this.headers(), accept: 'text/event-stream' },
			signal: AbortSignal.any([stop.signal, AbortSignal.timeout(30_000)])
		});
		const type = res.headers.get('content-type') ?? '';
		const text = type.startsWith('text/event-stream') ? await firstEvent(res) : await res.text();
		return {
			status: res.status,
			location: res.headers.get('location'),
			type,
			text,
			retryAfter: res.headers.get('retry-after'),
			close: () => stop.abort()
		};
	}

	private headers(): Record<string, string> {
		const headers: Record<string, string> = { 'x-forwarded-for': this.address };
		if (this.cookies.size)
			headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
		return headers;
	}

	async send(method: string, path: string, c?: Case): Promise<Reply> {
		const headers: Record<string, string> = { accept: 'text/html', ...this.headers() };
		if (method !== 'GET') headers.origin = c?.origin ?? this.origin;
		if (c?.contentType) headers['content-type'] = c.contentType;
		const stop = new AbortController();
		const go = () =>
			fetch(this.origin + path, {
				method,
				headers,
				body: method === 'GET' ? undefined : ((c?.body as BodyInit | undefined) ?? ''),
				redirect: 'manual',
				// A request left hanging is a failure too, not a stuck run.
				signal: AbortSignal.any([stop.signal, AbortSignal.timeout(30_000)])
			});
		// A request sent on a kept-alive connection just as the server closed it as idle
		// (keepAliveTimeout: the roles share one pool of connections) fails before any answer;
		// browsers send it again on a new connection, and so do we, once. The server closes only
		// idle connections, so the request was never read; a POST it answered early (a body too
		// large) gets that answer, not a closed socket. A server that died fails the second try too.
		const res = await go().catch((e: unknown) => {
			const cause = String((e as { cause?: unknown }).cause ?? '');
			if (/other side closed/.test(cause) || (method === 'GET' && /ECONNRESET/.test(cause)))
				return go();
			throw e;
		});
		const stream = (res.headers.get('content-type') ?? '').startsWith('text/event-stream');
		// Hung up after the first event, as a browser leaving the page does.
		const text = stream ? await firstEvent(res).finally(() => stop.abort()) : await res.text();
		let lost = false;
		for (const sc of res.headers.getSetCookie()) {
			const [pair, ...attrs] = sc.split(';');
			const eq = pair!.indexOf('=');
			const name = pair!.slice(0, eq).trim();
			const value = pair!.slice(eq + 1).trim();
			if (/locale/i.test(name)) continue;
			const gone = !value || attrs.some((a) => /max-age=0\b/i.test(a.trim()));
			if (gone) {
				this.cookies.delete(name);
				if (name.includes('session_token')) lost = true;
			} else this.cookies.set(name, value);
		}
		// A request that signed the role out (the sign-out form): sign in again for the next one.
		if (lost && this.role !== 'anonymous') await this.signIn();
		return {
			status: res.status,
			location: res.headers.get('location'),
			type: res.headers.get('content-type') ?? '',
			text
		};
	}
}

/**
 * An event stream never ends: read it up to its first data event (a blank line ends an event).
 * Whoever opened it hangs up; the server must then give the stream's slot back.
 */
async function firstEvent(res: Response): Promise<string> {
	const reader = res.body!.getReader();
	const decoder = new TextDecoder();
	let text = '';
	while (!/(?:^|\n)data:[^\n]*\r?\n\r?\n/.test(text)) {
		const { done, value } = await reader.read();
		if (done) break;
		text += decoder.decode(value, { stream: true });
	}
	return text;
}
