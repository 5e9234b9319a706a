/** Where a workbook section stands; `empty` is a section never saved. */
export type SectionStatus = 'empty' | 'draft' | 'submitted' | 'changes_requested' | 'approved';

/** A step of the review: the team submits; the reviewer asks for changes or approves. */
export type ReviewStep = 'submitted' | 'changes_requested' | 'approved';

/** The statuses each step may start from. */
const startsFrom: Record<ReviewStep, readonly SectionStatus[]> = {
	submitted: ['draft', 'changes_requested'],
	changes_requested: ['submitted'],
	approved: ['submitted']
};

export function canStep(status: SectionStatus, step: ReviewStep): boolean {
	return startsFrom[step].includes(status);
}

export function stepSources(step: ReviewStep): readonly SectionStatus[] {
	return startsFrom[step];
}

/** A submitted section waits for its reviewer: nobody changes it until changes are requested. */
export function isLocked(status: SectionStatus): boolean {
	return status === 'submitted';
}

/**
 * The status after a save. Changing an approved section makes it a draft again: the approval
 * named a revision, and the new one has to be submitted and approved in its turn.
 */
export function statusAfterSave(status: SectionStatus): Exclude<SectionStatus, 'empty'> {
	return status === 'approved' || status === 'empty' ? 'draft' : status;
}

/** The longest comment or answer kept, in characters. */
export const COMMENT_MAX = 2000;

/** A comment's text as stored, or why it cannot be: trimmed, not empty, not too long. */
export function commentBody(
	raw: unknown
): { ok: true; body: string } | { ok: false; error: string } {
	const body = typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n').trim() : '';
	if (!body) return { ok: false, error: 'required' };
	if ([...body].length > COMMENT_MAX) return { ok: false, error: `too_long:${COMMENT_MAX}` };
	return { ok: true, body };
}
