/**
 * How a group decision is recorded: by consensus (no counts) or by a vote among the members
 * present (one member, one vote: yes / no / abstain on the option chosen), always with the
 * option and the reasons. Pure; the error codes are shown next to the fields.
 */

export const REASONS_MAX = 2000;
export const METHODS = ['consensus', 'vote'] as const;
export type DecisionMethod = (typeof METHODS)[number];

export type DecisionInput =
	| { method: 'consensus'; optionId: string; reasons: string }
	| {
			method: 'vote';
			optionId: string;
			reasons: string;
			yes: number;
			no: number;
			abstain: number;
	  };

export interface DecisionRaw {
	method?: string;
	option?: string;
	reasons?: string;
	yes?: string;
	no?: string;
	abstain?: string;
}

export type DecisionResult =
	{ ok: true; decision: DecisionInput } | { ok: false; errors: Record<string, string> };

/** A count of people: a whole number from 0 up; blank counts as 0. */
function count(raw: string | undefined): number | null {
	const s = (raw ?? '').trim();
	if (s === '') return 0;
	if (!/^\d{1,6}$/.test(s)) return null;
	return Number(s);
}

/**
 * Checks a decision against the options and the number of members present. A vote counts at most
 * one voice per member present, needs at least one vote cast, and the option must carry it (more
 * yes than no): a vote that went against it is not that option's decision.
 */
export function parseDecision(
	raw: DecisionRaw,
	rules: { optionIds: readonly string[]; presentCount: number }
): DecisionResult {
	const errors: Record<string, string> = {};
	const method = (raw.method ?? '').trim();
	const optionId = (raw.option ?? '').trim();
	const reasons = (raw.reasons ?? '').trim();
	if (!method) errors.method = 'required';
	else if (!METHODS.includes(method as DecisionMethod)) errors.method = 'unknown_option';
	if (!optionId) errors.option = 'required';
	else if (!rules.optionIds.includes(optionId)) errors.option = 'unknown_option';
	if (!reasons) errors.reasons = 'required';
	else if (reasons.length > REASONS_MAX) errors.reasons = `too_long:${REASONS_MAX}`;

	let votes: { yes: number; no: number; abstain: number } | null = null;
	if (method === 'vote') {
		const yes = count(raw.yes);
		const no = count(raw.no);
		const abstain = count(raw.abstain);
		if (yes === null) errors.yes = 'invalid_number';
		if (no === null) errors.no = 'invalid_number';
		if (abstain === null) errors.abstain = 'invalid_number';
		if (yes !== null && no !== null && abstain !== null) {
			const total = yes + no + abstain;
			if (total > rules.presentCount) errors.votes = `too_many_votes:${rules.presentCount}`;
			else if (total === 0) errors.votes = 'no_votes';
			else if (yes <= no) errors.votes = 'not_carried';
			else votes = { yes, no, abstain };
		}
	}
	if (Object.keys(errors).length) return { ok: false, errors };
	return {
		ok: true,
		decision:
			method === 'vote' && votes
				? { method: 'vote', optionId, reasons, ...votes }
				: { method: 'consensus', optionId, reasons }
	};
}
