import { boMobile } from '../phone';

export const channels = ['whatsapp', 'sms', 'email'] as const;
export type Channel = (typeof channels)[number];

export const isChannel = (s: string): s is Channel => (channels as readonly string[]).includes(s);

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

/**
 * How a person is reached, one simple rule for every message:
 * - a Bolivian mobile (6… or 7…): WhatsApp, or SMS when they opted out of WhatsApp;
 * - an e-mail address: e-mail too, unless they opted out of it.
 * Nothing at all means "no way to reach" (no mobile, no e-mail, or every channel opted out).
 */
export function routesFor(contact: {
	phone: string | null;
	email: string | null;
	optedOut: readonly Channel[];
}): { channel: Channel; address: string }[] {
	const out: { channel: Channel; address: string }[] = [];
	const mobile = boMobile(contact.phone);
	const off = (c: Channel) => contact.optedOut.includes(c);
	if (mobile && !off('whatsapp')) out.push({ channel: 'whatsapp', address: mobile });
	else if (mobile && !off('sms')) out.push({ channel: 'sms', address: mobile });
	const email = contact.email?.trim() ?? '';
	if (email && EMAIL.test(email) && !off('email'))
		out.push({ channel: 'email', address: email.toLowerCase() });
	return out;
}

/** A wa.me link with the message ready (digits only after wa.me/). */
export function waMeLink(address: string, body: string): string {
	return `https://wa.me/${address.replace(/\D/g, '')}?text=${encodeURIComponent(body)}`;
}
