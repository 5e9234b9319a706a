import type { Env } from '../../env';
import type { Channel } from '../../../domain/outbox/channels';
import { emailAdapter } from './email';
import { DEFAULT_SMS_BODY, smsAdapter } from './sms';
import type { ChannelAdapter } from './types';
import { whatsappAdapter } from './whatsapp';

export type Adapters = Partial<Record<Channel, ChannelAdapter>>;

/** The adapters whose settings are in `.env`; a channel left out waits to be sent by hand. */
export function configuredAdapters(e: Env): Adapters {
	const out: Adapters = {};
	if (e.WHATSAPP_TOKEN && e.WHATSAPP_PHONE_NUMBER_ID)
		out.whatsapp = whatsappAdapter({
			apiUrl: e.WHATSAPP_API_URL,
			token: e.WHATSAPP_TOKEN,
			phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID
		});
	if (e.SMS_GATEWAY_URL)
		out.sms = smsAdapter({
			url: e.SMS_GATEWAY_URL,
			token: e.SMS_GATEWAY_TOKEN,
			bodyTemplate: e.SMS_GATEWAY_BODY ?? DEFAULT_SMS_BODY
		});
	if (e.SMTP_URL && e.MAIL_FROM) out.email = emailAdapter({ url: e.SMTP_URL, from: e.MAIL_FROM });
	return out;
}
