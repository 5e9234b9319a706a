// The xAPI feed on a real database: learning events of two cooperatives in two federations (and
// two programmes), read through the HTTP layer with API keys of each scope.
import validateStatement from '@learninglocker/xapi-validation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { cohort } from '../../src/lib/server/db/schema';
import { eq } from 'drizzle-orm';
import {
	contentIri,
	eventId,
	recordEvents,
	verbs,
	type LearningEventInput
} from '../../src/lib/server/learning/record-event';
import { createApiKey, type CreatedApiKey } from '../../src/lib/server/xapi/create-api-key';
import { listApiKeys } from '../../src/lib/server/xapi/list-api-keys';
import { revokeApiKey } from '../../src/lib/server/xapi/revoke-api-key';
import { statementsResponse } from '../../src/lib/server/xapi/statements-response';
import { createTestDb } from '../helpers/db';
import { makeTeamWorld } from '../helpers/runs';
import { makeActor } from '../factories/org';

const HOME = 'https://minka.example.org';
const validate = ((validateStatement as unknown as { default?: typeof validateStatement })
	.default ?? validateStatement) as (s: unknown) => unknown[];

let handle: DbHandle;
let db: Db;
let admin: Actor;
let a: Awaited<ReturnType<typeof makeTeamWorld>>;
let b: Awaited<ReturnType<typeof makeTeamWorld>>;
let keys: Record<'all' | 'fedA' | 'progB' | 'revoked', CreatedApiKey>;
/** Every event id, by world. */
const idsOf = { a: [] as string[], b: [] as string[] };

type World = Awaited<ReturnType<typeof makeTeamWorld>>;

function eventsFor(w: World, tag: string, n: number, base: Date): LearningEventInput[] {
	const session = contentIri('v1', 'think-coop', 'm1', `s${n}`);
	return w.people.map((p, i) => ({
		key: `${tag}:${n}:${i}`,
		userId: w.actors[i]!.userId,
		personId: p.id,
		verb: i % 2 ? 'attended' : 'completed',
		objectType: 'session',
		objectId: session,
		result:
			i % 2
				? { extensions: { lateAtStep: 2 } }
				: { completion: true, score: { raw: 2, min: 1, max: 3 } },
		context: {
			team: w.team.id,
			cohort: w.cohort.id,
			cooperative: w.coop.id,
			run: `00000000-0000-4000-8000-00000000000${n}`,
			mode: 'group',
			recordedBy: w.lead.userId
		},
		at: new Date(base.getTime() + n * 60_000)
	}));
}

async function get(key: CreatedApiKey | null, query = '', headers: Record<string, string> = {}) {
	const res = await statementsResponse(
		{ db },
		new Request(`${HOME}/xapi/statements${query}`, {
			headers: {
				'x-experience-api-version': '1.0.3',
				...(key ? { authorization: key.authorization } : {}),
				...headers
			}
		}),
		HOME
	);
	const text = await res.text();
	return { res, text, body: JSON.parse(text) as Record<string, unknown> };
}

interface Stmt {
	id: string;
	stored: string;
	[k: string]: unknown;
}
type Page = { statements: Stmt[]; more: string };

/** Follows `more` to the end; the pages' ids in order. */
async function readAll(key: CreatedApiKey, query: string) {
	const ids: string[] = [];
	let next = query;
	let pages = 0;
	for (;;) {
		const { res, body } = await get(key, next);
		expect(res.status).toBe(200);
		const page = body as unknown as Page;
		ids.push(...page.statements.map((s) => s.id as string));
		pages++;
		if (!page.more) break;
		expect(page.more.startsWith('/xapi/statements?')).toBe(true);
		next = page.more.slice('/xapi/statements'.length);
		expect(pages).toBeLessThan(50);
	}
	return { ids, pages };
}

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	admin = await makeActor(db, 'admin');
	a = await makeTeamWorld(db, 3);
	b = await makeTeamWorld(db, 2);
	const base = new Date('2026-10-01T22:00:00Z');
	// Separate writes, so stored times differ between batches and tie within one (id breaks ties).
	// The feed shows stored times to the millisecond: a pause keeps two fast writes apart.
	const apart = () => new Promise((r) => setTimeout(r, 3));
	for (const n of [1, 2, 3]) {
		const ev = eventsFor(a, 'a', n, base);
		await apart();
		await recordEvents(db, ev);
		idsOf.a.push(...ev.map((e) => eventId(e.key)));
	}
	for (const n of [1, 2]) {
		const ev = eventsFor(b, 'b', n, base);
		await apart();
		await recordEvents(db, ev);
		idsOf.b.push(...ev.map((e) => eventId(e.key)));
	}
	const [progB] = await db
		.select({ id: cohort.programmeId })
		.from(cohort)
		.where(eq(cohort.id, b.cohort.id));
	keys = {
		all: await createApiKey({ db }, admin, { name: 'Tablero OIT', scope: 'all' }),
		fedA: await createApiKey({ db }, admin, { name: 'FED A', scope: `federation:${a.fed.id}` }),
		progB: await createApiKey({ db }, admin, { name: 'Prog B', scope: `programme:${progB!.id}` }),
		revoked: await createApiKey({ db }, admin, { name: 'Old', scope: 'all' })
	};
	await revokeApiKey({ db }, admin, keys.revoked.id);
}, 120_000);

afterAll(async () => {
	await handle?.close();
});

describe('xAPI feed', { timeout: 60_000 }, () => {
	it('answers a page of valid xAPI 1.0.3 statements with the right headers', async () => {
		const { res, body, text } = await get(keys.all, '?limit=500');
		expect(res.status).toBe(200);
		expect(res.headers.get('x-experience-api-version')).toBe('1.0.3');
		expect(res.headers.get('content-type')).toMatch(/^application\/json/);
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(Date.parse(res.headers.get('x-experience-api-consistent-through')!)).not.toBeNaN();
		const page = body as unknown as Page;
		expect(page.more).toBe('');
		expect(page.statements).toHaveLength(9 + 4);
		for (const s of page.statements) expect(validate(s)).toEqual([]);

		const first = a.people[0]!;
		const s = page.statements.find((x) => x.id === eventId('a:2:0'))!;
		expect(s).toEqual({
			id: eventId('a:2:0'),
			actor: { objectType: 'Agent', account: { homePage: HOME, name: first.id } },
			verb: { id: verbs.completed, display: { 'en-US': 'completed', es: 'terminó' } },
			object: {
				objectType: 'Activity',
				id: 'urn:minka:content:v1:think-coop/m1/s2',
				definition: { type: 'http://adlnet.gov/expapi/activities/meeting' }
			},
			result: { completion: true, score: { raw: 2, min: 1, max: 3 } },
			context: {
				platform: 'Minka',
				extensions: {
					'urn:minka:context:team': a.team.id,
					'urn:minka:context:cohort': a.cohort.id,
					'urn:minka:context:cooperative': a.coop.id,
					'urn:minka:context:run': '00000000-0000-4000-8000-000000000002',
					'urn:minka:context:mode': 'group'
				}
			},
			timestamp: '2026-10-01T22:02:00.000Z',
			stored: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
			authority: { objectType: 'Agent', account: { homePage: HOME, name: 'minka' } },
			version: '1.0.0'
		});
		const late = page.statements.find((x) => x.id === eventId('a:2:1'))!;
		expect(late.result).toEqual({ extensions: { 'urn:minka:result:lateAtStep': 2 } });

		// No names, identity cards, phones, nor who recorded the act.
		for (const p of [...a.people, ...b.people]) {
			expect(text).not.toContain(p.surnames);
			expect(text).not.toContain(p.ciNumber!);
			expect(text).not.toContain(p.phone!);
		}
		expect(text).not.toContain(a.lead.userId);
	});

	it('orders by stored time, newest first, and pages through `more` exactly once each', async () => {
		const all = (await get(keys.all, '?limit=500')).body as unknown as Page;
		const stored = all.statements.map((s) => s.stored as string);
		expect([...stored].sort().reverse()).toEqual(stored);
		const desc = all.statements.map((s) => s.id as string);

		const paged = await readAll(keys.all, '?limit=2');
		expect(paged.pages).toBe(7);
		expect(paged.ids).toEqual(desc);

		const asc = await readAll(keys.all, '?limit=3&ascending=true');
		expect(asc.ids).toEqual([...desc].reverse());
		// Within one write every event has the same stored time: the id settles the order.
		expect(new Set(asc.ids).size).toBe(13);
	});

	it('filters by verb, activity, agent, since and until', async () => {
		const verb = encodeURIComponent(verbs.attended);
		const byVerb = (await get(keys.all, `?verb=${verb}`)).body as unknown as Page;
		// Odd members attend: 1 of 3 in A (×3 sessions), 1 of 2 in B (×2).
		expect(byVerb.statements.map((s) => s.id).sort()).toEqual(
			[
				eventId('a:1:1'),
				eventId('a:2:1'),
				eventId('a:3:1'),
				eventId('b:1:1'),
				eventId('b:2:1')
			].sort()
		);
		const activity = encodeURIComponent('urn:minka:content:v1:think-coop/m1/s3');
		const byActivity = (await get(keys.all, `?activity=${activity}`)).body as unknown as Page;
		expect(byActivity.statements.map((s) => s.id).sort()).toEqual(
			[eventId('a:3:0'), eventId('a:3:1'), eventId('a:3:2')].sort()
		);
		const agent = encodeURIComponent(
			JSON.stringify({ objectType: 'Agent', account: { homePage: HOME, name: b.people[1]!.id } })
		);
		const byAgent = (await get(keys.all, `?agent=${agent}&limit=1`)).body as unknown as Page;
		expect(byAgent.statements.map((s) => s.id)).toEqual([eventId('b:2:1')]);
		expect(byAgent.more).toContain('agent=');
		const more = (await get(keys.all, byAgent.more.slice('/xapi/statements'.length)))
			.body as unknown as Page;
		expect(more.statements.map((s) => s.id)).toEqual([eventId('b:1:1')]);
		expect(more.more).toBe('');
		const mbox = encodeURIComponent(JSON.stringify({ mbox: 'mailto:x@example.org' }));
		expect(((await get(keys.all, `?agent=${mbox}`)).body as unknown as Page).statements).toEqual(
			[]
		);

		// since is exclusive, until inclusive, both on the stored time.
		const asc = (await get(keys.all, '?ascending=true')).body as unknown as Page;
		const times = [...new Set(asc.statements.map((s) => s.stored as string))];
		expect(times.length).toBe(5);
		const window = (
			await get(
				keys.all,
				`?since=${encodeURIComponent(times[0]!)}&until=${encodeURIComponent(times[2]!)}&ascending=true`
			)
		).body as unknown as Page;
		const expected = asc.statements
			.filter((s) => s.stored > times[0]! && s.stored <= times[2]!)
			.map((s) => s.id);
		expect(expected.length).toBeGreaterThan(0);
		expect(window.statements.map((s) => s.id)).toEqual(expected);
	});

	it('reads one statement by id, and a key sees only its own federation or programme', async () => {
		const one = await get(keys.all, `?statementId=${eventId('b:1:0')}`);
		expect(one.res.status).toBe(200);
		expect(one.body.id).toBe(eventId('b:1:0'));
		expect(validate(one.body)).toEqual([]);

		const fed = await readAll(keys.fedA, '?limit=4');
		expect(fed.ids.sort()).toEqual([...idsOf.a].sort());
		const prog = await readAll(keys.progB, '?limit=4');
		expect(prog.ids.sort()).toEqual([...idsOf.b].sort());

		// Another federation's statement is not found, never shown.
		const hidden = await get(keys.fedA, `?statementId=${eventId('b:1:0')}`);
		expect(hidden.res.status).toBe(404);
		expect(hidden.text).not.toContain(b.coop.id);
		expect((await get(keys.progB, `?statementId=${eventId('a:1:0')}`)).res.status).toBe(404);
		expect((await get(keys.all, `?voidedStatementId=${eventId('a:1:0')}`)).res.status).toBe(404);
	});

	it('refuses a missing, unknown, wrong or revoked key with 401 and WWW-Authenticate', async () => {
		const wrongSecret = {
			...keys.all,
			authorization: `Basic ${Buffer.from(`${keys.all.id}:${'x'.repeat(43)}`).toString('base64')}`
		};
		const unknown = {
			...keys.all,
			authorization: `Basic ${Buffer.from(`00000000-0000-4000-8000-000000000000:${keys.all.secret}`).toString('base64')}`
		};
		const garbage = { ...keys.all, authorization: 'Basic %%%' };
		const bearer = { ...keys.all, authorization: `Bearer ${keys.all.secret}` };
		const huge = { ...keys.all, authorization: `Basic ${'A'.repeat(10_000)}` };
		for (const k of [null, keys.revoked, wrongSecret, unknown, garbage, bearer, huge]) {
			const { res, body } = await get(k);
			expect(res.status).toBe(401);
			expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
			expect(res.headers.get('x-experience-api-version')).toBe('1.0.3');
			expect(body).toMatchObject({ error: true, status: 401 });
		}
	});

	it('answers malformed or unknown parameters with a 400 in JSON', async () => {
		const long = `?verb=${encodeURIComponent(`http://x.org/${'a'.repeat(5000)}`)}`;
		for (const q of [
			'?foo=1',
			'?limit=501',
			'?limit=-1',
			'?limit=abc',
			'?since=yesterday',
			'?until=2026-02-31T00:00:00Z',
			'?verb=completed',
			'?activity=has%20space:x',
			'?limit=1&limit=2',
			`?statementId=${eventId('a:1:0')}&verb=${encodeURIComponent(verbs.completed)}`,
			'?statementId=123',
			'?ascending=yes',
			'?format=full',
			'?attachments=true',
			'?cursor=not-a-cursor',
			'?agent=%7Bnot%20json',
			'?agent=%7B%7D',
			long
		]) {
			const { res, body } = await get(keys.all, q);
			expect(res.status, q.slice(0, 60)).toBe(400);
			expect(res.headers.get('x-experience-api-version')).toBe('1.0.3');
			expect(res.headers.get('content-type')).toMatch(/^application\/json/);
			expect(body).toMatchObject({ error: true, status: 400, message: expect.any(String) });
		}
		const v = await get(keys.all, '', { 'x-experience-api-version': '0.95' });
		expect(v.res.status).toBe(400);
	});

	it('gives ids only with format=ids, and one language with format=canonical', async () => {
		const q = `?statementId=${eventId('a:1:0')}`;
		const ids = (await get(keys.all, `${q}&format=ids`)).body;
		expect(ids.verb).toEqual({ id: verbs.completed });
		expect(ids.object).toEqual({
			objectType: 'Activity',
			id: 'urn:minka:content:v1:think-coop/m1/s1'
		});
		const es = (await get(keys.all, `${q}&format=canonical`, { 'accept-language': 'es-BO,es' }))
			.body;
		expect(es.verb).toEqual({ id: verbs.completed, display: { es: 'terminó' } });
	});

	it('lists keys without secrets; only admins manage them', async () => {
		const list = await listApiKeys({ db }, admin);
		expect(list.map((k) => k.name).sort()).toEqual(['FED A', 'Old', 'Prog B', 'Tablero OIT']);
		const text = JSON.stringify(list);
		for (const k of Object.values(keys)) expect(text).not.toContain(k.secret);
		expect(list.find((k) => k.name === 'Old')!.revokedAt).not.toBeNull();
		expect(list.find((k) => k.name === 'FED A')).toMatchObject({
			scope: `federation:${a.fed.id}`,
			scopeName: a.fed.shortName,
			revokedAt: null
		});
		expect(list.find((k) => k.name === 'Tablero OIT')!.lastUsedAt).not.toBeNull();

		const coordinator = await makeActor(db, 'coordinator');
		await expect(
			createApiKey({ db }, coordinator, { name: 'x', scope: 'all' })
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(listApiKeys({ db }, a.lead)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(revokeApiKey({ db }, coordinator, keys.all.id)).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(
			createApiKey({ db }, admin, {
				name: 'x',
				scope: 'federation:00000000-0000-4000-8000-000000000000'
			})
		).rejects.toMatchObject({ code: 'invalid_input' });
		await expect(
			createApiKey({ db }, admin, { name: 'x', scope: 'cooperative:1' })
		).rejects.toMatchObject({ code: 'invalid_input' });
		await expect(createApiKey({ db }, admin, { name: '', scope: 'all' })).rejects.toMatchObject({
			code: 'invalid_input'
		});
	});
});
