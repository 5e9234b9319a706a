import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/lib/server/env';

describe('configuration', () => {
	it('applies defaults when nothing is set', () => {
		const e = parseEnv({});
		expect(e.PORT).toBe(3000);
		expect(e.DATA_DIR).toBe('./data');
		expect(e.DATABASE_URL).toBeUndefined();
		expect(e.DEMO).toBe('auto');
		expect(e.BACKUP_SCHEDULE).toBe('auto');
		expect(e.BACKUP_HOUR).toBe(2);
		expect(e.BACKUP_KEEP_DAILY).toBe(7);
		expect(e.BACKUP_KEEP_WEEKLY).toBe(4);
	});

	it('treats empty values as unset', () => {
		expect(parseEnv({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
	});

	it.each([
		['PORT', 'abc'],
		['PORT', '70000'],
		['DATABASE_URL', 'mysql://x'],
		['ORIGIN', 'not a url'],
		['AUTH_SECRET', 'short'],
		['DEMO', 'sometimes'],
		['BACKUP_HOUR', '24'],
		['BACKUP_HOUR', '2.5'],
		['BACKUP_SCHEDULE', 'daily'],
		['BACKUP_KEEP_DAILY', '0'],
		['BACKUP_KEEP_WEEKLY', '-1'],
		['OUTBOX_WORKER', 'maybe'],
		['SMS_GATEWAY_URL', 'gateway'],
		['SMTP_URL', 'http://mail.example']
	])('rejects a wrong %s and names it', (name, value) => {
		expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(`${name}:`));
	});

	it('takes the outbox channels whole: WhatsApp both or neither, SMTP with a sender', () => {
		const e = parseEnv({});
		expect(e.OUTBOX_WORKER).toBe('on');
		expect(e.WHATSAPP_API_URL).toBe('https://graph.facebook.com/v21.0');
		expect(() => parseEnv({ WHATSAPP_TOKEN: 'EAAG-token-123' })).toThrow(
			/WHATSAPP_PHONE_NUMBER_ID:/
		);
		expect(() => parseEnv({ SMTP_URL: 'smtp://mail.example:587' })).toThrow(/MAIL_FROM:/);
		expect(
			parseEnv({
				WHATSAPP_TOKEN: 'EAAG-token-123',
				WHATSAPP_PHONE_NUMBER_ID: '1234567890',
				SMTP_URL: 'smtps://u:p@mail.example:465',
				MAIL_FROM: 'Minka <avisos@minka.example>'
			}).WHATSAPP_PHONE_NUMBER_ID
		).toBe('1234567890');
	});
});
