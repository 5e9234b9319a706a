import { describe, expect, it } from 'vitest';
import { normalizeBoPhone, whatsappLink } from '../../src/lib/domain/phone';
import { fold, titleCase, usernameBase } from '../../src/lib/domain/text';

describe('Bolivian phone numbers', () => {
	it.each([
		['71234567', '+59171234567'],
		['+591 71234567', '+59171234567'],
		['591-7123-4567', '+59171234567'],
		['00591 6 123 4567', '+59161234567'],
		['22441122', '+59122441122']
	])('normalises %s', (raw, expected) => expect(normalizeBoPhone(raw)).toBe(expected));

	it.each(['1234567', '812345678', '7123456', 'abc', '+54 9 11 1234 5678', ''])(
		'rejects %s',
		(raw) => expect(normalizeBoPhone(raw)).toBeNull()
	);

	it('builds a wa.me link with the number and the encoded message', () => {
		expect(whatsappLink('Hola, ¿cómo está?', '71234567')).toBe(
			'https://wa.me/59171234567?text=Hola%2C%20%C2%BFc%C3%B3mo%20est%C3%A1%3F'
		);
		expect(whatsappLink('Hola', null)).toBe('https://wa.me/?text=Hola');
	});
});

describe('names', () => {
	it('folds accents, case and spaces', () =>
		expect(fold('  MARÍA   José Ñuflo ')).toBe('maria jose nuflo'));
	it('title-cases names typed in any case', () =>
		expect(titleCase('  juana   QUISPE de la cruz ')).toBe('Juana Quispe De La Cruz'));
	it('derives a username from first given name and first surname', () => {
		expect(usernameBase('María José', 'Ñuflo Mamani')).toBe('maria.nuflo');
		expect(usernameBase('Al', '')).toBe('socioal');
	});
});
