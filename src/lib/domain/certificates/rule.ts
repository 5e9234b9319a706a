// A cohort's completion rule and how one member stands against it (pure; the database side is
// server/certificates/evaluate-cohort.ts).

export interface CompletionRule {
	/** Least share (percent, 0–100) of each course's sessions the member took part in. */
	minAttendance: number;
	requirePostTest: boolean;
	requirePlanApproved: boolean;
	/** Least share (percent) of the cohort's live sessions held so far; 0: live sessions do not count. */
	minLiveAttendance: number;
}

/** What a cohort without a rule of its own asks (the programme's usual rule). */
export const DEFAULT_RULE: CompletionRule = {
	minAttendance: 80,
	requirePostTest: true,
	requirePlanApproved: true,
	minLiveAttendance: 0
};

export type PlanState = 'none' | 'drafted' | 'submitted' | 'approved';

export interface MemberRecord {
	/** Per course of the cohort: sessions it has and sessions the member took part in. */
	courses: Array<{ slug: string; sessions: number; taken: number; postTest: boolean }>;
	plan: PlanState;
	/** The cohort's live sessions held so far (not cancelled) and how many the member attended. */
	live: { held: number; attended: number };
}

/** One condition not met, in terms a page can put into words. */
export type Unmet =
	| { kind: 'attendance'; course: string; taken: number; needed: number; sessions: number }
	| { kind: 'post_test'; course: string }
	| { kind: 'plan'; state: Exclude<PlanState, 'approved'> }
	| { kind: 'live'; attended: number; needed: number; held: number };

export type Standing = 'meets' | 'almost' | 'not_yet';

/** Sessions needed to reach `percent` of `sessions` (rounded up: 80 % of 9 is 8). */
export function sessionsNeeded(percent: number, sessions: number): number {
	// Integers: an exact multiple of 100 divides exactly, anything else rounds up as it should.
	return Math.ceil((percent * sessions) / 100);
}

/**
 * Which conditions the member does not meet. A course with no sessions asks no attendance.
 */
export function unmetConditions(rule: CompletionRule, member: MemberRecord): Unmet[] {
	const out: Unmet[] = [];
	for (const c of member.courses) {
		const needed = sessionsNeeded(rule.minAttendance, c.sessions);
		if (c.taken < needed)
			out.push({
				kind: 'attendance',
				course: c.slug,
				taken: c.taken,
				needed,
				sessions: c.sessions
			});
		if (rule.requirePostTest && !c.postTest) out.push({ kind: 'post_test', course: c.slug });
	}
	if (rule.requirePlanApproved && member.plan !== 'approved')
		out.push({ kind: 'plan', state: member.plan });
	// Counted over the sessions held so far: a rule set early never asks for sessions not yet held.
	const liveNeeded = sessionsNeeded(rule.minLiveAttendance, member.live.held);
	if (member.live.attended < liveNeeded)
		out.push({
			kind: 'live',
			attended: member.live.attended,
			needed: liveNeeded,
			held: member.live.held
		});
	return out;
}

/**
 * Meets: nothing missing. Almost: one thing missing, and if it is attendance, at most two
 * sessions short — what a member can still make up before the cohort closes. Else not yet.
 */
export function standingOf(unmet: readonly Unmet[]): Standing {
	if (!unmet.length) return 'meets';
	if (unmet.length > 1) return 'not_yet';
	const [u] = unmet;
	if (u!.kind === 'attendance' && u!.needed - u!.taken > 2) return 'not_yet';
	if (u!.kind === 'live' && u!.needed - u!.attended > 2) return 'not_yet';
	return 'almost';
}

/** Reads the rule form; error codes per field (messages `cert_err_*`). */
export function parseRule(values: Record<string, unknown>): {
	rule?: CompletionRule;
	fields: Record<string, string>;
} {
	const percent = (v: unknown, empty: string) => {
		const raw = String(v ?? '')
			.trim()
			.replace(/\s*%$/, '');
		const n = /^\d{1,3}$/.test(raw || empty) ? Number(raw || empty) : NaN;
		return n >= 0 && n <= 100 ? n : NaN;
	};
	const fields: Record<string, string> = {};
	const n = percent(values.minAttendance, '');
	if (Number.isNaN(n)) fields.minAttendance = 'cert_err_percent';
	// Left empty, live sessions do not count (the usual rule).
	const live = percent(values.minLiveAttendance, '0');
	if (Number.isNaN(live)) fields.minLiveAttendance = 'cert_err_percent';
	// A ticked box says "on"; anything else did not come from the form.
	for (const box of ['requirePostTest', 'requirePlanApproved'])
		if (values[box] !== undefined && values[box] !== 'on') fields._ = 'cert_err_form';
	if (Object.keys(fields).length) return { fields };
	return {
		fields,
		rule: {
			minAttendance: n,
			requirePostTest: values.requirePostTest === 'on',
			requirePlanApproved: values.requirePlanApproved === 'on',
			minLiveAttendance: live
		}
	};
}

// Crockford's base 32 without I, L, O, U: nothing to misread from paper.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 12;

/** A certificate code from random bytes: 12 characters (60 bits) in groups of four. */
export function formatCode(bytes: Uint8Array): string {
	let s = '';
	for (let i = 0; i < CODE_LENGTH; i++) s += ALPHABET[bytes[i]! % 32];
	return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

/**
 * A code as someone typed or scanned it, in the stored form; null when it cannot be one (so the
 * verification page answers "unknown" without asking the database).
 */
export function normaliseCode(input: string): string | null {
	if (input.length > 64) return null;
	const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
	if (s.length !== CODE_LENGTH || ![...s].every((ch) => ALPHABET.includes(ch))) return null;
	return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

/** A CI number with all but its last three digits hidden: "•••••123 LP". */
export function maskCi(number: string | null, extension: string | null): string | null {
	if (!number) return null;
	const n = number.trim();
	const shown = n.slice(-3);
	const masked = '•'.repeat(Math.max(0, n.length - 3)) + shown;
	return extension ? `${masked} ${extension}` : masked;
}
