import type { Standing, Unmet } from '$lib/domain/certificates/rule';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

/** Error codes of the certificate forms → the sentence shown. */
const errors: Record<string, () => string> = {
	cert_err_percent: m.cert_err_percent,
	cert_err_revision: m.cert_err_form,
	cert_err_form: m.cert_err_form,
	cert_err_none: m.cert_err_none,
	cert_err_reason: m.cert_err_reason,
	cert_err_reason_long: m.cert_err_reason_long,
	conflict: m.cert_err_conflict,
	not_found: m.cert_err_not_found
};

export const certError = (code: string | undefined): string | undefined =>
	code ? (errors[code] ?? m.cert_err_form)() : undefined;

const standings: Record<Standing, () => string> = {
	meets: m.cert_standing_meets,
	almost: m.cert_standing_almost,
	not_yet: m.cert_standing_not_yet
};
export const standingLabel = (s: Standing): string => standings[s]();

/** One unmet condition in plain words. */
export function unmetText(
	u: Unmet,
	courses: ReadonlyArray<{ slug: string; title: { es: string; en: string } }>
): string {
	const locale = getLocale() === 'en' ? 'en' : 'es';
	const course = (slug: string) => courses.find((c) => c.slug === slug)?.title[locale] ?? slug;
	switch (u.kind) {
		case 'attendance':
			return m.cert_why_attendance({
				course: course(u.course),
				taken: u.taken,
				sessions: u.sessions,
				needed: u.needed
			});
		case 'post_test':
			return m.cert_why_post_test({ course: course(u.course) });
		case 'live':
			return m.cert_why_live({ attended: u.attended, held: u.held, needed: u.needed });
		case 'plan':
			return {
				none: m.cert_why_plan_none,
				drafted: m.cert_why_plan_drafted,
				submitted: m.cert_why_plan_submitted
			}[u.state]();
	}
}
