import type { Channel } from '../../../domain/outbox/channels';

/** What an adapter needs of a queued message. */
export interface OutgoingMessage {
	id: string;
	channel: Channel;
	recipient: string;
	locale: string;
	kind: string;
	body: string;
	template: string | null;
	templateParams: string[] | null;
}

export type SendResult =
	{ ok: true; providerId: string } | { ok: false; error: string; retry: boolean };

/**
 * One way out of the platform (WhatsApp, SMS, e-mail). `send` never throws: every failure is an
 * answer saying whether trying again could help.
 */
export interface ChannelAdapter {
	channel: Channel;
	send(msg: OutgoingMessage): Promise<SendResult>;
}

/** Time allowed for one request to a gateway. */
export const SEND_TIMEOUT_MS = 15_000;

/** An HTTP answer as a result: 2xx sent, 408/429/5xx may pass (retry), other 4xx will not. */
export async function httpResult(
	res: Response,
	providerId: (body: unknown) => string | undefined
): Promise<SendResult> {
	const text = (await res.text().catch(() => '')).slice(0, 2_000);
	let body: unknown;
	try {
		body = text ? JSON.parse(text) : null;
	} catch {
		body = null;
	}
	if (res.ok) return { ok: true, providerId: providerId(body) ?? '' };
	const retry = res.status >= 500 || res.status === 408 || res.status === 429;
	return { ok: false, error: `HTTP ${res.status}: ${text.slice(0, 300)}`, retry };
}

/** A request that could not be made (no connection, timeout): worth another try. */
export function networkResult(e: unknown): SendResult {
	const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
	return { ok: false, error: message.slice(0, 300), retry: true };
}

/**
 * POSTs a JSON body to a gateway within `SEND_TIMEOUT_MS` and reads the answer as a result (the
 * WhatsApp and SMS adapters differ only in address, headers, body and where the id is).
 */
export async function postJson(
	url: string,
	headers: Record<string, string>,
	body: string,
	providerId: (body: unknown) => string | undefined
): Promise<SendResult> {
	try {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body,
			signal: AbortSignal.timeout(SEND_TIMEOUT_MS)
		});
		return await httpResult(res, providerId);
	} catch (e) {
		return networkResult(e);
	}
}

/** The refusal of a number no mobile channel can reach (never retried). */
export const notMobile = (channel: string): SendResult => ({
	ok: false,
	error: `not a Bolivian mobile number: ${channel} cannot reach it`,
	retry: false
});
