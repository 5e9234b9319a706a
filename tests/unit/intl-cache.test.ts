import { describe, expect, it } from 'vitest';
import { dateFormat, numberFormat } from '../../src/lib/domain/intl-cache';

describe('intl-cache', () => {
	it('builds one formatter per locale and options, and reuses it', () => {
		const a = dateFormat('es-BO', { hour: '2-digit', minute: '2-digit' });
		expect(dateFormat('es-BO', { hour: '2-digit', minute: '2-digit' })).toBe(a);
		expect(dateFormat('en-GB', { hour: '2-digit', minute: '2-digit' })).not.toBe(a);
		expect(dateFormat('es-BO', { dateStyle: 'long' })).not.toBe(a);
		const n = numberFormat('es-BO', { maximumFractionDigits: 2 });
		expect(numberFormat('es-BO', { maximumFractionDigits: 2 })).toBe(n);
		expect(numberFormat('es-BO', { maximumFractionDigits: 0 })).not.toBe(n);
	});

	it('formats as the built-in locale methods do', () => {
		const d = new Date('2026-03-05T14:07:00Z');
		const opts = { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/La_Paz' } as const;
		expect(dateFormat('es-BO', opts).format(d)).toBe(d.toLocaleString('es-BO', opts));
		const money = { minimumFractionDigits: 2, maximumFractionDigits: 2 };
		expect(numberFormat('es-BO', money).format(1234.5)).toBe(
			(1234.5).toLocaleString('es-BO', money)
		);
	});
});
