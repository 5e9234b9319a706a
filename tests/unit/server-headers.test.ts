import { describe, expect, it } from 'vitest';
import { serverHeaders } from '../../scripts/server-headers.js';

describe('headers on every response, static files included', () => {
	it('forbid guessing content types, and keep browsers on https when served over https', () => {
		expect(serverHeaders('https://minka.example.org')).toEqual({
			'x-content-type-options': 'nosniff',
			'strict-transport-security': 'max-age=31536000'
		});
		// On plain http (a local trial) HSTS would mean nothing and could lock out localhost.
		expect(serverHeaders('http://localhost:3000')).toEqual({ 'x-content-type-options': 'nosniff' });
	});
});
