import { createHmac } from 'node:crypto';

/**
 * The id the member's attempt at a test will have once started: the same on every page built
 * before it is, so the start page and the question pages saved for use without internet name one
 * attempt, and a Start kept on the phone creates exactly that one. Keyed with the server's secret
 * so nobody can work out another member's id and take it first. There is at most one attempt per
 * member, cohort, course and test, so one id per them is enough.
 */
export function draftAttemptId(
	secret: string,
	who: { personId: string; cohortId: string; course: string; kind: string }
): string {
	const h = createHmac('sha256', secret)
		.update(`minka-test-attempt:${who.personId}:${who.cohortId}:${who.course}:${who.kind}`)
		.digest('hex');
	// Laid out as a UUID (version 8: made by the application; RFC 9562 variant).
	const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
