import { and, eq, gt, inArray, isNull, like, lt, notInArray, sql } from 'drizzle-orm';
import {
	afterQuietHours,
	followUpReminderTime,
	FOLLOW_UP_DAYS_BEFORE,
	liveReminderTimes
} from '../../domain/outbox/reminder-times';
import { todayInBolivia } from '../../domain/bolivia';
import { laPazParts } from '../../domain/live-session';
import { m } from '../../paraglide/messages.js';
import type { Db, Executor } from '../db/client';
import { certificate, enrolment, liveSession, outboxMessage } from '../db/schema';
import { log } from '../log';
import { outer } from '../db/outer';
import { loadRecipients, queueMessages, type QueuedRow } from './recipients';

/** How far ahead the planner looks for live sessions to remind. */
const LIVE_HORIZON_MS = 8 * 86_400_000;
/** Certificates issued this recently still get their message if it was never queued. */
const CERT_HORIZON_MS = 7 * 86_400_000;

/**
 * Puts a live session's reminders in the outbox, for every active member and every way to reach
 * them, at the times `liveReminderTimes` gives; idempotent (dedupe keys
 * `live:<session>:<kind>:<person>:<channel>`). A moved session moves the waiting rows; a cancelled
 * one, or a member no longer reachable on a channel (opted out, withdrawn), cancels them.
 * Runs inside the caller's transaction when given one (scheduling, changing, cancelling).
 */
export async function syncLiveReminders(
	ex: Executor,
	sessionId: string,
	now: Date
): Promise<{ queued: number; cancelled: number }> {
	const prefix = `live:${sessionId}:`;
	const [s] = await ex.select().from(liveSession).where(eq(liveSession.id, sessionId));
	if (!s) return { queued: 0, cancelled: 0 };
	const keys: string[] = [];
	const rows: QueuedRow[] = [];
	if (!s.cancelledAt && s.startsAt > now) {
		const members = await ex
			.select({ personId: enrolment.personId })
			.from(enrolment)
			.where(and(eq(enrolment.cohortId, s.cohortId), eq(enrolment.status, 'active')));
		const recipients = await loadRecipients(
			ex,
			members.map((r) => r.personId)
		);
		const { date, time } = laPazParts(s.startsAt);
		for (const at of liveReminderTimes(s.startsAt, now))
			for (const r of recipients)
				for (const route of r.routes) {
					const params = { title: s.title, date, time, link: s.meetingUrl };
					const body =
						at.kind === 'day_before'
							? m.remind_live_tomorrow(params, { locale: r.locale })
							: m.remind_live_hour(params, { locale: r.locale });
					const key = `${prefix}${at.kind}:${r.personId}:${route.channel}`;
					keys.push(key);
					rows.push({
						dedupeKey: key,
						kind: `live_${at.kind}`,
						channel: route.channel,
						personId: r.personId,
						recipient: route.address,
						locale: r.locale,
						body,
						template: `minka_live_${at.kind}`,
						templateParams: [s.title, date, time, s.meetingUrl],
						sendAfter: at.at
					});
				}
	}
	const queued = await queueMessages(ex, rows);
	const stale = await ex
		.update(outboxMessage)
		.set({
			status: 'cancelled',
			lastError: s.cancelledAt ? 'session cancelled' : 'no longer planned',
			updatedAt: now
		})
		.where(
			and(
				like(outboxMessage.dedupeKey, `${prefix}%`),
				eq(outboxMessage.status, 'queued'),
				keys.length ? notInArray(outboxMessage.dedupeKey, keys) : undefined
			)
		)
		.returning({ id: outboxMessage.id });
	return { queued, cancelled: stale.length };
}

/**
 * A certificate's holder is told, with the public verification link. Queued once per certificate
 * and channel (`cert:<id>:<channel>`), at once or, in quiet hours, at 07:00.
 */
export async function queueCertificateMessages(
	ex: Executor,
	certificateIds: string[],
	origin: string,
	now: Date
): Promise<number> {
	if (!certificateIds.length) return 0;
	const certs = await ex
		.select({
			id: certificate.id,
			code: certificate.code,
			personId: certificate.personId,
			cohortName: certificate.cohortName
		})
		.from(certificate)
		.where(and(inArray(certificate.id, certificateIds), isNull(certificate.revokedAt)));
	const recipients = await loadRecipients(
		ex,
		certs.map((c) => c.personId)
	);
	const rows: QueuedRow[] = [];
	for (const c of certs) {
		const r = recipients.find((x) => x.personId === c.personId);
		const link = `${origin.replace(/\/+$/, '')}/verify/${c.code}`;
		for (const route of r?.routes ?? [])
			rows.push({
				dedupeKey: `cert:${c.id}:${route.channel}`,
				kind: 'certificate',
				channel: route.channel,
				personId: c.personId,
				recipient: route.address,
				locale: r!.locale,
				body: m.remind_certificate({ cohort: c.cohortName, link }, { locale: r!.locale }),
				template: 'minka_certificate',
				templateParams: [c.cohortName, link],
				sendAfter: afterQuietHours(now)
			});
	}
	// A certificate's message is never re-timed: insert only what is missing.
	let n = 0;
	for (const row of rows) {
		const done = await ex
			.insert(outboxMessage)
			.values({ ...row, nextAttemptAt: row.sendAfter })
			.onConflictDoNothing({ target: outboxMessage.dedupeKey })
			.returning({ id: outboxMessage.id });
		n += done.length;
	}
	return n;
}

/**
 * A follow-up round due in the next days: each lead of a cooperative with a team in the cohort is
 * told, once per round and channel (`followup:<round>:<person>:<channel>`), with the link to the
 * team's round page (`followUpReminderTime`: 09:00 La Paz three days before).
 */
export async function queueFollowUpReminders(
	ex: Executor,
	origin: string,
	now: Date
): Promise<number> {
	const today = todayInBolivia(now);
	const until = todayInBolivia(new Date(now.getTime() + (FOLLOW_UP_DAYS_BEFORE + 1) * 86_400_000));
	const due = (
		(await ex.execute(sql`
			select r.id as "roundId", r.label, r.due_on::text as "dueOn", t.id as "teamId",
			       u.person_id as "personId"
			from follow_up_round r
			join team t on t.cohort_id = r.cohort_id and t.cooperative_id is not null
			join role_assignment ra
			  on ra.role = 'cooperative_lead' and ra.cooperative_id = t.cooperative_id
			join "user" u on u.id = ra.user_id and u.person_id is not null and not u.disabled
			where r.due_on between ${today}::date and ${until}::date
			order by r.id, t.id, u.person_id`)) as unknown as {
			rows: { roundId: string; label: string; dueOn: string; teamId: string; personId: string }[];
		}
	).rows;
	if (!due.length) return 0;
	const recipients = await loadRecipients(
		ex,
		due.map((d) => d.personId)
	);
	let n = 0;
	for (const d of due) {
		const at = followUpReminderTime(d.dueOn, now);
		const r = recipients.find((x) => x.personId === d.personId);
		if (!at || !r) continue;
		const link = `${origin.replace(/\/+$/, '')}/teams/${d.teamId}/follow-up/${d.roundId}`;
		const date = d.dueOn.split('-').reverse().join('/');
		for (const route of r.routes) {
			const done = await ex
				.insert(outboxMessage)
				.values({
					dedupeKey: `followup:${d.roundId}:${d.personId}:${route.channel}`,
					kind: 'followup_due',
					channel: route.channel,
					personId: d.personId,
					recipient: route.address,
					locale: r.locale,
					body: m.remind_followup_due({ label: d.label, date, link }, { locale: r.locale }),
					template: 'minka_followup_due',
					templateParams: [d.label, date, link],
					sendAfter: at,
					nextAttemptAt: at
				})
				.onConflictDoNothing({ target: outboxMessage.dedupeKey })
				.returning({ id: outboxMessage.id });
			n += done.length;
		}
	}
	return n;
}

/**
 * The planner, run by the worker's tick (and callable directly): every live session of the
 * coming days gets its reminders (re-planned, so opt-outs and enrolments are followed),
 * certificates issued lately their message, follow-up rounds due soon theirs. Idempotent.
 */
export async function planReminders(deps: { db: Db; now: Date; origin: string }): Promise<{
	queued: number;
	cancelled: number;
}> {
	const { db, now } = deps;
	let queued = 0;
	let cancelled = 0;
	const sessions = await db
		.select({ id: liveSession.id })
		.from(liveSession)
		.where(
			and(
				gt(liveSession.startsAt, now),
				lt(liveSession.startsAt, new Date(now.getTime() + LIVE_HORIZON_MS))
			)
		);
	for (const s of sessions) {
		try {
			const r = await db.transaction((tx) => syncLiveReminders(tx, s.id, now));
			queued += r.queued;
			cancelled += r.cancelled;
		} catch (e) {
			log.error('planning live reminders failed', { session: s.id, error: String(e) });
		}
	}
	const certs = await db
		.select({ id: certificate.id })
		.from(certificate)
		.where(
			and(
				isNull(certificate.revokedAt),
				gt(certificate.issuedAt, new Date(now.getTime() - CERT_HORIZON_MS)),
				sql`not exists (select 1 from outbox_message o where o.dedupe_key like 'cert:' || ${outer(certificate.id)}::text || ':%')`
			)
		);
	queued += await queueCertificateMessages(
		db,
		certs.map((c) => c.id),
		deps.origin,
		now
	);
	queued += await queueFollowUpReminders(db, deps.origin, now);
	return { queued, cancelled };
}
