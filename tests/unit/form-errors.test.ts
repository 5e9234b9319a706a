import { describe, expect, it } from 'vitest';
import { errorCount } from '../../src/lib/domain/form-errors';

describe('errorCount (the number in a failed page title)', () => {
	it('counts field errors, a general one included', () => {
		expect(errorCount({ fields: { givenNames: 'required', phone: 'invalid_phone' } })).toBe(2);
		expect(errorCount({ fields: { _: 'conflict', name: 'required' } })).toBe(2);
	});
	it('counts missing items when fields is a list', () => {
		expect(errorCount({ fields: ['ci', 'sex', 'name'] })).toBe(3);
	});
	it('says at least one for any failure', () => {
		expect(errorCount({ error: 'invalid' })).toBe(1);
		expect(errorCount({ fields: {} })).toBe(1);
		expect(errorCount(null)).toBe(1);
	});
});
