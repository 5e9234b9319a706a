import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { isChange } from '../../domain/changes';
import { assertCan, type Actor } from '../access/guard';
import type { Executor } from '../db/client';
import {
	auditLog,
	cohort,
	cooperative,
	enrolment,
	federation,
	importBatch,
	person,
	programme,
	team,
	user
} from '../db/schema';
import type { Locale } from '../import/messages';
import {
	describeEntry,
	referenceKinds,
	type AuditLine,
	type HistoryDetail,
	type Names
} from './describe-entry';
import type { AuditEntity } from './record-audit';

export interface HistoryEntry {
	id: string;
	at: Date;
	who: string | null;
	action: string;
	entity: string;
	entityId: string;
	changes: Record<string, unknown> | null;
	/** In the reader's language, naming whom or what the line is about. */
	title: string;
	details: HistoryDetail[];
}

export const HISTORY_LIMIT = 50;

/**
 * The "History" of a record's page: its own audit lines, and those of the records that hang from
 * it (a person's account and enrolments; a cohort's enrolments, teams and imports). Newest first,
 * each line told in `locale` with the names of the records it points to.
 */
export async function listHistory(
	deps: { db: Executor },
	actor: Actor | null,
	subject: {
		entity: Exclude<AuditEntity, 'enrolment' | 'team' | 'user' | 'correction_request'>;
		id: string;
	},
	locale: Locale = 'es'
): Promise<HistoryEntry[]> {
	assertCan(actor, 'audit.read');
	const { db } = deps;
	const about: SQL[] = [
		and(eq(auditLog.entity, subject.entity), eq(auditLog.entityId, subject.id))!
	];
	if (subject.entity === 'person') {
		about.push(
			and(
				eq(auditLog.entity, 'enrolment'),
				inArray(
					auditLog.entityId,
					db
						.select({ id: sql<string>`${enrolment.id}::text` })
						.from(enrolment)
						.where(eq(enrolment.personId, subject.id))
				)
			)!,
			and(
				eq(auditLog.entity, 'user'),
				inArray(
					auditLog.entityId,
					db.select({ id: user.id }).from(user).where(eq(user.personId, subject.id))
				)
			)!
		);
	}
	if (subject.entity === 'cohort') {
		about.push(
			and(
				eq(auditLog.entity, 'enrolment'),
				inArray(
					auditLog.entityId,
					db
						.select({ id: sql<string>`${enrolment.id}::text` })
						.from(enrolment)
						.where(eq(enrolment.cohortId, subject.id))
				)
			)!,
			and(
				eq(auditLog.entity, 'team'),
				inArray(
					auditLog.entityId,
					db
						.select({ id: sql<string>`${team.id}::text` })
						.from(team)
						.where(eq(team.cohortId, subject.id))
				)
			)!,
			and(
				eq(auditLog.entity, 'import_batch'),
				inArray(
					auditLog.entityId,
					db
						.select({ id: sql<string>`${importBatch.id}::text` })
						.from(importBatch)
						.where(eq(importBatch.cohortId, subject.id))
				)
			)!
		);
	}
	const rows = await db
		.select({
			id: auditLog.id,
			at: auditLog.at,
			who: user.name,
			action: auditLog.action,
			entity: auditLog.entity,
			entityId: auditLog.entityId,
			changes: auditLog.changes
		})
		.from(auditLog)
		.leftJoin(user, eq(user.id, auditLog.actorUserId))
		.where(or(...about))
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(HISTORY_LIMIT);
	const names = await namesFor(db, rows);
	return rows.map((r) => ({ ...r, ...describeEntry(r, names, locale) }));
}

const isUuid = (v: unknown): v is string =>
	typeof v === 'string' &&
	/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

/** The names of every record the lines point to, a few queries for the whole page. */
export async function namesFor(db: Executor, lines: AuditLine[]): Promise<Names> {
	const ids: Record<string, Set<string>> = {};
	const want = (kind: string, id: unknown) => {
		if (typeof id !== 'string') return;
		// A malformed id would fail the query on a uuid column; user ids and usernames are text.
		if (kind !== 'user' && kind !== 'username' && !isUuid(id)) return;
		(ids[kind] ??= new Set()).add(id);
	};
	const walk = (changes: Record<string, unknown>) => {
		for (const [k, v] of Object.entries(changes)) {
			const kind = referenceKinds[k];
			if (kind) for (const x of isChange(v) ? [v.from, v.to] : [v]) want(kind, x);
			if (k === 'fields' && v && typeof v === 'object') walk(v as Record<string, unknown>);
		}
	};
	for (const l of lines) {
		const c = l.changes ?? {};
		walk(c);
		if (l.entity === 'person') want('person', l.entityId);
		if (l.entity === 'enrolment') want('enrolment', l.entityId);
		if (l.entity === 'user') want('user', l.entityId);
		if (typeof c.facilitator === 'string') want('username', c.facilitator);
		if (typeof c.batchId === 'string') want('batch', c.batchId);
	}
	const names: Names = new Map();
	const list = (kind: string) => [...(ids[kind] ?? [])];
	const add = (kind: string, rows: Array<{ id: string; name: string | null }>) => {
		for (const r of rows) if (r.name) names.set(`${kind}:${r.id}`, r.name);
	};
	const fullName = sql<string>`${person.givenNames} || ' ' || ${person.surnames}`;
	if (list('cooperative').length)
		add(
			'cooperative',
			await db
				.select({
					id: cooperative.id,
					name: sql<string>`coalesce(${cooperative.shortName}, ${cooperative.name})`
				})
				.from(cooperative)
				.where(inArray(cooperative.id, list('cooperative')))
		);
	if (list('federation').length)
		add(
			'federation',
			await db
				.select({ id: federation.id, name: federation.shortName })
				.from(federation)
				.where(inArray(federation.id, list('federation')))
		);
	if (list('programme').length)
		add(
			'programme',
			await db
				.select({ id: programme.id, name: programme.name })
				.from(programme)
				.where(inArray(programme.id, list('programme')))
		);
	if (list('cohort').length)
		add(
			'cohort',
			await db
				.select({ id: cohort.id, name: cohort.name })
				.from(cohort)
				.where(inArray(cohort.id, list('cohort')))
		);
	if (list('team').length)
		add(
			'team',
			await db
				.select({ id: team.id, name: team.name })
				.from(team)
				.where(inArray(team.id, list('team')))
		);
	if (list('person').length)
		add(
			'person',
			await db
				.select({ id: person.id, name: fullName })
				.from(person)
				.where(inArray(person.id, list('person')))
		);
	if (list('enrolment').length) {
		const rows = await db
			.select({ id: enrolment.id, person: fullName, cohort: cohort.name })
			.from(enrolment)
			.innerJoin(person, eq(person.id, enrolment.personId))
			.innerJoin(cohort, eq(cohort.id, enrolment.cohortId))
			.where(inArray(enrolment.id, list('enrolment')));
		add(
			'enrolment-person',
			rows.map((r) => ({ id: r.id, name: r.person }))
		);
		add(
			'enrolment-cohort',
			rows.map((r) => ({ id: r.id, name: r.cohort }))
		);
	}
	if (list('user').length)
		add(
			'user',
			await db
				.select({ id: user.id, name: sql<string>`coalesce(${fullName}, ${user.name})` })
				.from(user)
				.leftJoin(person, eq(person.id, user.personId))
				.where(inArray(user.id, list('user')))
		);
	if (list('username').length)
		add(
			'username',
			await db
				.select({ id: user.username, name: user.name })
				.from(user)
				.where(inArray(user.username, list('username')))
		);
	if (list('batch').length)
		add(
			'batch',
			await db
				.select({ id: importBatch.id, name: importBatch.fileName })
				.from(importBatch)
				.where(inArray(importBatch.id, list('batch')))
		);
	return names;
}
