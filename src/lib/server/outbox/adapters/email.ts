import nodemailer, { type Transporter } from 'nodemailer';
import { m } from '../../../paraglide/messages.js';
import type { ChannelAdapter, OutgoingMessage, SendResult } from './types';

export interface EmailConfig {
	/** smtp://user:pass@host:587 or smtps://… */
	url: string;
	from: string;
}

/**
 * E-mail through SMTP with nodemailer. The Message-ID is made from the outbox row's id, so a copy
 * sent again after a crash carries the same id and mail programs show it once.
 */
export function emailAdapter(config: EmailConfig, transport?: Transporter): ChannelAdapter {
	const t =
		transport ??
		nodemailer.createTransport(config.url, {
			connectionTimeout: 15_000,
			greetingTimeout: 15_000,
			socketTimeout: 30_000
		});
	return {
		channel: 'email',
		async send(msg: OutgoingMessage): Promise<SendResult> {
			const locale = msg.locale === 'en' ? 'en' : 'es';
			try {
				const info = await t.sendMail({
					from: config.from,
					to: msg.recipient,
					subject: m.outbox_email_subject({}, { locale }),
					text: msg.body,
					messageId: `<${msg.id}@minka.outbox>`
				});
				return { ok: true, providerId: String(info.messageId ?? '') };
			} catch (e) {
				const code = (e as { responseCode?: number }).responseCode;
				const message = e instanceof Error ? e.message : String(e);
				// SMTP 5xx is final (no such mailbox); 4xx and lost connections may pass.
				return { ok: false, error: message.slice(0, 300), retry: !(code && code >= 500) };
			}
		}
	};
}
