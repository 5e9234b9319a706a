import { boMobile } from '../../../domain/phone';
import { notMobile, postJson, type ChannelAdapter, type OutgoingMessage } from './types';

export interface WhatsAppConfig {
	/** e.g. https://graph.facebook.com/v21.0 */
	apiUrl: string;
	token: string;
	phoneNumberId: string;
}

/**
 * WhatsApp Cloud API. Outside a conversation the user opened, WhatsApp delivers only approved
 * templates, so every message is sent as its template (`minka_<kind>`, or `minka_message` for a
 * message written by hand) with the stored parameters, in the recipient's language.
 */
export function whatsappAdapter(config: WhatsAppConfig): ChannelAdapter {
	return {
		channel: 'whatsapp',
		async send(msg: OutgoingMessage) {
			const to = boMobile(msg.recipient);
			if (!to) return notMobile('WhatsApp');
			const params = msg.templateParams ?? [msg.body];
			const payload = {
				messaging_product: 'whatsapp',
				to: to.slice(1),
				type: 'template',
				template: {
					name: msg.template ?? 'minka_message',
					language: { code: msg.locale === 'en' ? 'en' : 'es' },
					components: [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }]
				}
			};
			return postJson(
				`${config.apiUrl.replace(/\/+$/, '')}/${encodeURIComponent(config.phoneNumberId)}/messages`,
				{ authorization: `Bearer ${config.token}` },
				JSON.stringify(payload),
				(b) => {
					const id = (b as { messages?: { id?: unknown }[] } | null)?.messages?.[0]?.id;
					return typeof id === 'string' ? id : undefined;
				}
			);
		}
	};
}
