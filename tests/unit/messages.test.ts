import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const load = (locale: string): Record<string, string> => {
	const { $schema: _schema, ...messages } = JSON.parse(
		readFileSync(`messages/${locale}.json`, 'utf8')
	);
	return messages;
};
const es = load('es');
const en = load('en');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI strings', () => {
	it('exist in Spanish and English with the same keys', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(es).sort());
	});

	it('are never empty', () => {
		for (const [key, text] of [...Object.entries(es), ...Object.entries(en)])
			expect(text.trim(), key).not.toBe('');
	});

	it('use the same placeholders in both languages', () => {
		for (const key of Object.keys(es))
			expect(placeholders(en[key] ?? ''), key).toEqual(placeholders(es[key]!));
	});
});
