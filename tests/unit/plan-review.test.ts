import { describe, expect, it } from 'vitest';
import {
	canStep,
	commentBody,
	isLocked,
	statusAfterSave,
	type SectionStatus
} from '../../src/lib/domain/plan-review';

describe('the review of a workbook section', () => {
	const all: SectionStatus[] = ['empty', 'draft', 'submitted', 'changes_requested', 'approved'];
	const from = (step: Parameters<typeof canStep>[1]) => all.filter((s) => canStep(s, step));

	it('is submitted from a draft or after changes were asked for, and answered only while submitted', () => {
		expect(from('submitted')).toEqual(['draft', 'changes_requested']);
		expect(from('changes_requested')).toEqual(['submitted']);
		expect(from('approved')).toEqual(['submitted']);
	});

	it('locks a submitted section, and turns an approved one back into a draft when changed', () => {
		expect(all.filter(isLocked)).toEqual(['submitted']);
		expect(statusAfterSave('approved')).toBe('draft');
		expect(statusAfterSave('empty')).toBe('draft');
		expect(statusAfterSave('changes_requested')).toBe('changes_requested');
		expect(statusAfterSave('draft')).toBe('draft');
	});

	it('keeps a comment trimmed, refuses an empty or an over-long one', () => {
		expect(commentBody('  Falta el costo \r\n del casco  ')).toEqual({
			ok: true,
			body: 'Falta el costo \n del casco'
		});
		expect(commentBody('   ')).toEqual({ ok: false, error: 'required' });
		expect(commentBody(undefined)).toEqual({ ok: false, error: 'required' });
		expect(commentBody('ñ'.repeat(2000))).toMatchObject({ ok: true });
		expect(commentBody('ñ'.repeat(2001))).toEqual({ ok: false, error: 'too_long:2000' });
	});
});
