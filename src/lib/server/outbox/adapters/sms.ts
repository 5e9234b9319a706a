import { boMobile } from '../../../domain/phone';
import { notMobile, postJson, type ChannelAdapter, type OutgoingMessage } from './types';

export interface SmsConfig {
	url: string;
	token?: string;
	/** JSON with `{to}` and `{text}` placeholders, filled with JSON-escaped values. */
	bodyTemplate: string;
}

export const DEFAULT_SMS_BODY = '{"to":"{to}","text":"{text}"}';

/** The gateway's body: the template with the number and the text put in, safely escaped. */
export function smsBody(template: string, to: string, text: string): string {
	const esc = (s: string) => JSON.stringify(s).slice(1, -1);
	return template.replace(/\{(to|text)\}/g, (_, k: string) => esc(k === 'to' ? to : text));
}

/**
 * A generic HTTP SMS gateway (most Bolivian and international ones take a JSON POST with a
 * bearer token). The message id goes as `Idempotency-Key`, so a gateway that honours it never
 * sends a retried message twice.
 */
export function smsAdapter(config: SmsConfig): ChannelAdapter {
	return {
		channel: 'sms',
		async send(msg: OutgoingMessage) {
			const to = boMobile(msg.recipient);
			if (!to) return notMobile('SMS');
			return postJson(
				config.url,
				{
					'idempotency-key': msg.id,
					...(config.token ? { authorization: `Bearer ${config.token}` } : {})
				},
				smsBody(config.bodyTemplate, to, msg.body),
				(b) => {
					const o = (b ?? {}) as Record<string, unknown>;
					const id = o.id ?? o.messageId ?? o.message_id;
					return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
				}
			);
		}
	};
}
