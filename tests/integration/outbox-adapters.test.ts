// The channel adapters against gateways at the edge of the world, over real connections: a local
// HTTP server standing in for the WhatsApp Cloud API and an SMS gateway, a local SMTP server
// (smtp-server) for e-mail. What each request carries, and how each error is classified.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailAdapter } from '../../src/lib/server/outbox/adapters/email';
import { smsAdapter, smsBody, DEFAULT_SMS_BODY } from '../../src/lib/server/outbox/adapters/sms';
import type { OutgoingMessage } from '../../src/lib/server/outbox/adapters/types';
import { whatsappAdapter } from '../../src/lib/server/outbox/adapters/whatsapp';

interface Seen {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
}
let http: Server;
let base = '';
const seen: Seen[] = [];
/** What the fake gateway answers next: status and body. */
let answer: { status: number; body: string } = { status: 200, body: '{}' };

const msg = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
	id: '6f1c1a52-58a4-4a43-9d8e-3c8a3f3a0c11',
	channel: 'whatsapp',
	recipient: '+59171234567',
	locale: 'es',
	kind: 'live_hour_before',
	body: 'Minka: en una hora empieza «Preguntas». Para entrar: https://meet.jit.si/x',
	template: 'minka_live_hour_before',
	templateParams: ['Preguntas', '2026-12-10', '19:30', 'https://meet.jit.si/x'],
	...over
});

beforeAll(async () => {
	http = createServer((req, res) => {
		let body = '';
		req.on('data', (c: Buffer) => (body += c.toString('utf8')));
		req.on('end', () => {
			seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
			res.writeHead(answer.status, { 'content-type': 'application/json' });
			res.end(answer.body);
		});
	});
	http.listen(0, '127.0.0.1');
	await once(http, 'listening');
	base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
	http?.close();
});

describe('WhatsApp Cloud API', () => {
	const wa = () =>
		whatsappAdapter({
			apiUrl: `${base}/v21.0`,
			token: 'token-de-prueba',
			phoneNumberId: '1234567'
		});

	it('posts the approved template with its parameters, in the recipient’s language', async () => {
		seen.length = 0;
		answer = { status: 200, body: JSON.stringify({ messages: [{ id: 'wamid.ABC' }] }) };
		expect(await wa().send(msg({ locale: 'en' }))).toEqual({ ok: true, providerId: 'wamid.ABC' });
		const [r] = seen;
		expect(r!.method).toBe('POST');
		expect(r!.url).toBe('/v21.0/1234567/messages');
		expect(r!.headers.authorization).toBe('Bearer token-de-prueba');
		expect(JSON.parse(r!.body)).toEqual({
			messaging_product: 'whatsapp',
			to: '59171234567',
			type: 'template',
			template: {
				name: 'minka_live_hour_before',
				language: { code: 'en' },
				components: [
					{
						type: 'body',
						parameters: [
							{ type: 'text', text: 'Preguntas' },
							{ type: 'text', text: '2026-12-10' },
							{ type: 'text', text: '19:30' },
							{ type: 'text', text: 'https://meet.jit.si/x' }
						]
					}
				]
			}
		});
	});

	it('a 4xx is final, a 5xx or a 429 is tried again, a landline is never posted', async () => {
		answer = { status: 400, body: '{"error":{"message":"(#131026) Message undeliverable"}}' };
		const bad = await wa().send(msg());
		expect(bad).toMatchObject({ ok: false, retry: false });
		expect(!bad.ok && bad.error).toContain('HTTP 400');
		expect(!bad.ok && bad.error).toContain('131026');
		answer = { status: 503, body: 'unavailable' };
		expect(await wa().send(msg())).toMatchObject({ ok: false, retry: true });
		answer = { status: 429, body: '{}' };
		expect(await wa().send(msg())).toMatchObject({ ok: false, retry: true });
		seen.length = 0;
		const landline = await wa().send(msg({ recipient: '+59122123456' }));
		expect(landline).toMatchObject({ ok: false, retry: false });
		expect(seen).toHaveLength(0);
	});

	it('a gateway that cannot be reached is tried again', async () => {
		const nowhere = whatsappAdapter({
			apiUrl: 'http://127.0.0.1:9/v21.0',
			token: 'token-de-prueba',
			phoneNumberId: '1'
		});
		expect(await nowhere.send(msg())).toMatchObject({ ok: false, retry: true });
	});
});

describe('SMS gateway', () => {
	it('posts the configured body, escaped, with the token and an idempotency key', async () => {
		seen.length = 0;
		answer = { status: 202, body: '{"messageId": 991}' };
		const sms = smsAdapter({
			url: `${base}/sms/send`,
			token: 'clave',
			bodyTemplate: '{"destino":"{to}","mensaje":"{text}","remitente":"MINKA"}'
		});
		const body = 'Dijo "hola"\nadiós';
		expect(await sms.send(msg({ channel: 'sms', body }))).toEqual({ ok: true, providerId: '991' });
		const [r] = seen;
		expect(r!.url).toBe('/sms/send');
		expect(r!.headers.authorization).toBe('Bearer clave');
		expect(r!.headers['idempotency-key']).toBe(msg().id);
		expect(JSON.parse(r!.body)).toEqual({
			destino: '+59171234567',
			mensaje: body,
			remitente: 'MINKA'
		});
		expect(JSON.parse(smsBody(DEFAULT_SMS_BODY, '+59171234567', '{to}'))).toEqual({
			to: '+59171234567',
			text: '{to}'
		});
	});

	it('classifies the gateway’s errors', async () => {
		const sms = smsAdapter({ url: `${base}/sms`, bodyTemplate: DEFAULT_SMS_BODY });
		answer = { status: 422, body: '{"error":"invalid number"}' };
		expect(await sms.send(msg({ channel: 'sms' }))).toMatchObject({ ok: false, retry: false });
		answer = { status: 500, body: '' };
		expect(await sms.send(msg({ channel: 'sms' }))).toMatchObject({ ok: false, retry: true });
	});
});

describe('e-mail over SMTP', () => {
	let smtp: SMTPServer;
	let port = 0;
	const mails: { from: string; to: string[]; data: string }[] = [];
	/** The SMTP server refuses the recipient with this code, when set. */
	let refuse: number | null = null;

	beforeAll(async () => {
		smtp = new SMTPServer({
			authOptional: true,
			disabledCommands: ['STARTTLS', 'AUTH'],
			logger: false,
			onRcptTo(address, _session, cb) {
				if (!refuse) return cb();
				const e = new Error(refuse >= 500 ? 'No such mailbox' : 'Try later') as Error & {
					responseCode: number;
				};
				e.responseCode = refuse;
				cb(e);
			},
			onData(stream, session, cb) {
				let data = '';
				stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
				stream.on('end', () => {
					mails.push({
						from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
						to: session.envelope.rcptTo.map((r) => r.address),
						data
					});
					cb();
				});
			}
		});
		smtp.listen(0, '127.0.0.1');
		await once(smtp.server, 'listening');
		port = (smtp.server.address() as AddressInfo).port;
	});
	afterAll(async () => {
		await new Promise<void>((r) => smtp?.close(() => r()));
	});

	const mail = () =>
		emailAdapter({ url: `smtp://127.0.0.1:${port}`, from: 'Minka <avisos@minka.example>' });

	it('sends the message with a subject in the recipient’s language and a stable Message-ID', async () => {
		const r = await mail().send(
			msg({ channel: 'email', recipient: 'ana@correo.bo', locale: 'en', body: 'Hola Ana' })
		);
		expect(r).toMatchObject({ ok: true });
		const [m] = mails;
		expect(m!.from).toBe('avisos@minka.example');
		expect(m!.to).toEqual(['ana@correo.bo']);
		expect(m!.data).toContain('Subject: A message from Minka');
		expect(m!.data).toContain(`Message-ID: <${msg().id}@minka.outbox>`);
		expect(m!.data).toContain('Hola Ana');
	});

	it('a refused mailbox (5xx) is final, a 4xx or no server is tried again', async () => {
		refuse = 550;
		expect(await mail().send(msg({ channel: 'email', recipient: 'x@correo.bo' }))).toMatchObject({
			ok: false,
			retry: false
		});
		refuse = 451;
		expect(await mail().send(msg({ channel: 'email', recipient: 'x@correo.bo' }))).toMatchObject({
			ok: false,
			retry: true
		});
		refuse = null;
		const closed = emailAdapter({ url: 'smtp://127.0.0.1:9', from: 'a@b.bo' });
		expect(await closed.send(msg({ channel: 'email', recipient: 'x@correo.bo' }))).toMatchObject({
			ok: false,
			retry: true
		});
	});
});
