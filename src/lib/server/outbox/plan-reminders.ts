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

/** Inserts rows whose dedupe key is not in the outbox yet; never re-times one already there. */
async function insertOnce(ex: Executor, rows: QueuedRow[]): Promise<number> {
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
	return insertOnce(ex, rows);
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
	const rows: QueuedRow[] = [];
	for (const d of due) {
		const at = followUpReminderTime(d.dueOn, now);
		const r = recipients.find((x) => x.personId === d.personId);
		if (!at || !r) continue;
		const link = `${origin.replace(/\/+$/, '')}/teams/${d.teamId}/follow-up/${d.roundId}`;
		const date = d.dueOn.split('-').reverse().join('/');
		for (const route of r.routes)
			rows.push({
				dedupeKey: `followup:${d.roundId}:${d.personId}:${route.channel}`,
				kind: 'followup_due',
				channel: route.channel,
				personId: d.personId,
				recipient: route.address,
				locale: r.locale,
				body: m.remind_followup_due({ label: d.label, date, link }, { locale: r.locale }),
				template: 'minka_followup_due',
				templateParams: [d.label, date, link],
				sendAfter: at
			});
	}
	return insertOnce(ex, rows);
}

/** Days without a group session after which a team is reminded to meet. */
export const STALLED_AFTER_DAYS = 7;

/**
 * A team of a cohort still running whose last group session ended a week ago or more, with no
 * session started since: its active members are told to meet, once per gap (the key names the
 * last session finished: `stalled:<team>:<run>:<person>:<channel>`), out of quiet hours.
 */
export async function queueStalledTeamReminders(
	ex: Executor,
	origin: string,
	now: Date
): Promise<number> {
	const today = todayInBolivia(now);
	const before = new Date(now.getTime() - STALLED_AFTER_DAYS * 86_400_000);
	const stalled = (
		(await ex.execute(sql`
			with last as (
				select distinct on (sr.team_id) sr.team_id, sr.id as run_id, sr.completed_at
				from session_run sr
				where sr.mode = 'group' and sr.status = 'completed'
				order by sr.team_id, sr.completed_at desc, sr.id
			)
			select l.team_id as "teamId", l.run_id as "runId", t.name as "team",
			       e.person_id as "personId"
			from last l
			join team t on t.id = l.team_id
			join cohort c on c.id = t.cohort_id and c.ends_on >= ${today}::date
			join enrolment e on e.team_id = t.id and e.status = 'active'
			where l.completed_at <= ${before}
			  and not exists (select 1 from session_run x where x.team_id = l.team_id
			                  and x.mode = 'group' and x.started_at > l.completed_at)
			order by l.team_id, e.person_id`)) as unknown as {
			rows: { teamId: string; runId: string; team: string; personId: string }[];
		}
	).rows;
	if (!stalled.length) return 0;
	const recipients = await loadRecipients(
		ex,
		stalled.map((d) => d.personId)
	);
	const at = afterQuietHours(now);
	const rows: QueuedRow[] = [];
	for (const d of stalled) {
		const r = recipients.find((x) => x.personId === d.personId);
		const link = `${origin.replace(/\/+$/, '')}/teams/${d.teamId}`;
		for (const route of r?.routes ?? [])
			rows.push({
				dedupeKey: `stalled:${d.teamId}:${d.runId}:${d.personId}:${route.channel}`,
				kind: 'team_stalled',
				channel: route.channel,
				personId: d.personId,
				recipient: route.address,
				locale: r!.locale,
				body: m.remind_team_stalled({ team: d.team, link }, { locale: r!.locale }),
				template: 'minka_team_stalled',
				templateParams: [d.team, link],
				sendAfter: at
			});
	}
	return insertOnce(ex, rows);
}

/** Comments older than this no longer call for a reminder. */
const COMMENT_HORIZON_MS = 14 * 86_400_000;

/**
 * Comments a facilitator or coordinator left on a cooperative's plan that nobody has answered:
 * the active members of its teams (in cohorts of the workbook's programme) are told, at most
 * once a day (the key names the day of the newest waiting comment:
 * `comments:<team>:<day>:<person>:<channel>`), out of quiet hours.
 */
export async function queueCommentReminders(
	ex: Executor,
	origin: string,
	now: Date
): Promise<number> {
	const since = new Date(now.getTime() - COMMENT_HORIZON_MS);
	const waiting = (
		(await ex.execute(sql`
			with open as (
				select c.workbook_id, count(*)::int as n, max(c.created_at) as newest
				from plan_comment c
				where c.parent_id is null and c.created_at > ${since}
				  and exists (select 1 from role_assignment ra where ra.user_id = c.author_id
				              and ra.role in ('facilitator', 'coordinator'))
				  and not exists (select 1 from plan_comment a where a.parent_id = c.id)
				group by c.workbook_id
			)
			select t.id as "teamId", o.n, o.newest, e.person_id as "personId"
			from open o
			join workbook w on w.id = o.workbook_id
			join team t on t.cooperative_id = w.cooperative_id
			join cohort co on co.id = t.cohort_id and co.programme_id = w.programme_id
			join enrolment e on e.team_id = t.id and e.status = 'active'
			order by t.id, e.person_id`)) as unknown as {
			rows: { teamId: string; n: number; newest: string | Date; personId: string }[];
		}
	).rows;
	if (!waiting.length) return 0;
	const recipients = await loadRecipients(
		ex,
		waiting.map((d) => d.personId)
	);
	const at = afterQuietHours(now);
	const rows: QueuedRow[] = [];
	for (const d of waiting) {
		const r = recipients.find((x) => x.personId === d.personId);
		const day = todayInBolivia(new Date(d.newest));
		const link = `${origin.replace(/\/+$/, '')}/teams/${d.teamId}/workbook`;
		const count = Number(d.n);
		for (const route of r?.routes ?? [])
			rows.push({
				dedupeKey: `comments:${d.teamId}:${day}:${d.personId}:${route.channel}`,
				kind: 'comments_waiting',
				channel: route.channel,
				personId: d.personId,
				recipient: route.address,
				locale: r!.locale,
				body: m.remind_comments_waiting({ count, link }, { locale: r!.locale }),
				template: 'minka_comments_waiting',
				templateParams: [String(count), link],
				sendAfter: at
			});
	}
	return insertOnce(ex, rows);
}

/**
 * The planner, run by the worker's tick (and callable directly): every live session of the
 * coming days gets its reminders (re-planned, so opt-outs and enrolments are followed),
 * certificates issued lately their message, follow-up rounds due soon theirs, teams that have not
 * met for a week and teams with a reviewer's comments waiting theirs. Idempotent.
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
	queued += await queueStalledTeamReminders(db, deps.origin, now);
	queued += await queueCommentReminders(db, deps.origin, now);
	return { queued, cancelled };
}
