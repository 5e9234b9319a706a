import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuth, type Auth } from '../../src/lib/server/auth/auth';
import { createAccount } from '../../src/lib/server/auth/create-account';
import { acceptInvitation, issueLink, readInvitation } from '../../src/lib/server/auth/invitations';
import {
	FREE_PER_ACCOUNT,
	FREE_PER_ADDRESS,
	MAX_WAIT_SECONDS,
	waitSeconds
} from '../../src/lib/server/auth/rate-limit';
import { signIn, signInAfterLink } from '../../src/lib/server/auth/sign-in';
import type { Actor } from '../../src/lib/server/access/guard';
import type { Grant, Role } from '../../src/lib/domain/roles';
import { getPerson } from '../../src/lib/server/org/get-person';
import { listPeople } from '../../src/lib/server/org/list-people';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import {
	auditLog,
	invitation,
	roleAssignment,
	session,
	user
} from '../../src/lib/server/db/schema';
import { createTestDb } from '../helpers/db';
import { enrol, makeActor, makePerson, makeWorld } from '../factories/org';

let handle: DbHandle;
let db: Db;
let auth: Auth;
const headers = () => new Headers({ origin: 'http://localhost:3000' });
// Each test's attempts happen at one moment, however slowly the machine hashes passwords: a
// wait of 2 seconds must not run out while a test is still going.
let clock = new Date();
beforeEach(() => {
	clock = new Date();
});
const attempt = (identifier: string, password: string, ip = '10.0.0.1', now = () => clock) =>
	signIn({ db, auth, now }, { identifier, password, ip, headers: headers() });

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	auth = createAuth(db, { secret: 'x'.repeat(40), baseURL: 'http://localhost:3000' });
	await createAccount(
		db,
		{
			name: 'Rosa Ayala',
			username: 'rosa',
			email: 'Rosa@Example.org',
			phone: '71234567',
			password: 'palliri-2026'
		},
		null
	);
});
afterAll(() => handle.close());

describe('sign-in', () => {
	it.each([['rosa'], ['ROSA'], ['rosa@example.org'], ['71234567'], ['+591 7123 4567']])(
		'accepts %s with the right password and returns a session cookie',
		async (identifier) => {
			const { setCookies } = await attempt(identifier, 'palliri-2026');
			expect(setCookies.join(';')).toMatch(/session_token=/);
		}
	);

	it('gives the same error for a wrong password and for an unknown account', async () => {
		const wrong = await attempt('rosa', 'nope-nope', '10.0.0.2').catch((e) => e);
		const unknown = await attempt('nadie', 'nope-nope', '10.0.0.2').catch((e) => e);
		expect(wrong.code).toBe('invalid_credentials');
		expect(unknown.code).toBe('invalid_credentials');
		expect(wrong.message).toBe(unknown.message);
	});

	it('slows an account down after repeated failures, even with the right password', async () => {
		await createAccount(db, { name: 'Leo', username: 'leo', password: 'correcta-123' }, null);
		const t0 = Date.now();
		const tryAt = (seconds: number, password: string, ip: string) =>
			signIn(
				{ db, auth, now: () => new Date(t0 + seconds * 1000) },
				{ identifier: 'leo', password, ip, headers: headers() }
			);
		for (let i = 0; i < FREE_PER_ACCOUNT; i++)
			await expect(tryAt(0, 'mala', `10.1.0.${i}`)).rejects.toMatchObject({
				code: 'invalid_credentials'
			});
		// Not locked for 15 minutes: a short wait, which the message tells.
		await expect(tryAt(0, 'correcta-123', '10.1.1.1')).rejects.toMatchObject({
			code: 'rate_limited',
			retryAfterSeconds: 2
		});
		await expect(tryAt(2, 'mala', '10.1.1.2')).rejects.toMatchObject({
			code: 'invalid_credentials'
		});
		await expect(tryAt(3, 'correcta-123', '10.1.1.1')).rejects.toMatchObject({
			code: 'rate_limited',
			retryAfterSeconds: 3
		});
		// After the wait, the right password works and the account starts afresh.
		await expect(tryAt(6, 'correcta-123', '10.1.1.1')).resolves.toHaveProperty('userId');
		for (let i = 0; i < FREE_PER_ACCOUNT; i++)
			await expect(tryAt(7, 'mala', '10.1.2.1')).rejects.toMatchObject({
				code: 'invalid_credentials'
			});
		await expect(tryAt(7, 'mala', '10.1.2.1')).rejects.toMatchObject({ code: 'rate_limited' });
	});

	it('doubles the wait with each further failure, up to 15 minutes', async () => {
		expect([4, 5, 6, 7, 10, 13, 14, 30].map((n) => waitSeconds(n, FREE_PER_ACCOUNT))).toEqual([
			0, 2, 4, 8, 64, 512, 900, 900
		]);
		await createAccount(db, { name: 'Ana', username: 'ana.p', password: 'correcta-123' }, null);
		// Each refusal says how long to wait; trying again exactly then is checked and fails.
		let t = Date.now();
		const waits: number[] = [];
		for (let i = 0; waits.length < 12; i++) {
			const e = await signIn(
				{ db, auth, now: () => new Date(t) },
				{ identifier: 'ana.p', password: 'mala', ip: `10.9.0.${i}`, headers: headers() }
			).catch((e) => e);
			if (e.code === 'rate_limited') {
				waits.push(e.retryAfterSeconds);
				t += e.retryAfterSeconds * 1000;
			} else expect(e.code).toBe('invalid_credentials');
		}
		expect(waits).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);
		expect(MAX_WAIT_SECONDS).toBe(900);
	});

	it('counts every way of writing a phone number as the same account', async () => {
		await createAccount(
			db,
			{ name: 'Eva', username: 'eva', phone: '74136338', password: 'correcta-123' },
			null
		);
		const variants = ['74136338', '+59174136338', '7-413-6338', '591 7413 6338', '(7413) 6338'];
		for (const [i, v] of variants.entries())
			await expect(attempt(v, 'mala', `10.5.0.${i}`)).rejects.toMatchObject({
				code: 'invalid_credentials'
			});
		for (const v of [...variants, 'eva', 'EVA'])
			await expect(attempt(v, 'correcta-123', '10.5.1.1')).rejects.toMatchObject({
				code: 'rate_limited'
			});
	});

	it('checks at most the free attempts when many arrive at once', async () => {
		await createAccount(db, { name: 'Flor', username: 'flor', password: 'correcta-123' }, null);
		const results = await Promise.all(
			Array.from({ length: 60 }, (_, i) =>
				attempt('flor', `mala-${i}`, `10.6.0.${i}`).then(
					() => 'signed_in',
					(e) => e.code
				)
			)
		);
		expect(results.filter((r) => r === 'invalid_credentials')).toHaveLength(FREE_PER_ACCOUNT);
		expect(results.filter((r) => r === 'rate_limited')).toHaveLength(60 - FREE_PER_ACCOUNT);
	});

	it('limits one address trying many accounts, also when the attempts arrive at once', async () => {
		const results = await Promise.all(
			Array.from({ length: FREE_PER_ADDRESS + 20 }, (_, i) =>
				attempt(`nadie${i}`, 'mala', '10.7.0.1').then(
					() => 'signed_in',
					(e) => e.code
				)
			)
		);
		expect(results.filter((r) => r === 'invalid_credentials')).toHaveLength(FREE_PER_ADDRESS);
		expect(results.filter((r) => r === 'rate_limited')).toHaveLength(20);
		// Another address is not affected.
		await expect(attempt('rosa', 'palliri-2026', '10.7.0.2')).resolves.toHaveProperty('userId');
	});

	it('slows an unknown identifier down exactly like an account', async () => {
		await createAccount(db, { name: 'Gil', username: 'gil', password: 'correcta-123' }, null);
		const run = async (identifier: string, ip: string) => {
			const out: unknown[] = [];
			for (let i = 0; i < FREE_PER_ACCOUNT + 2; i++) {
				const e = await attempt(identifier, 'mala', ip).catch((e) => e);
				out.push([e.code, e.message, e.retryAfterSeconds]);
			}
			return out;
		};
		const known = await run('gil', '10.8.0.2');
		expect(await run('nadie.mas', '10.8.0.1')).toEqual(known);
		expect(known.at(-1)).toEqual(['rate_limited', 'rate_limited', 2]);
	});

	it('refuses a disabled account', async () => {
		const { id } = await createAccount(
			db,
			{ name: 'Ex', username: 'exsocio', password: 'antigua-123' },
			null
		);
		await db.update(user).set({ disabled: true }).where(eq(user.id, id));
		await expect(attempt('exsocio', 'antigua-123', '10.2.0.1')).rejects.toMatchObject({
			code: 'invalid_credentials'
		});
	});
});

describe('invitations', () => {
	it('lets a coordinator create an account for a person and the person choose a password', async () => {
		const w = await makeWorld(db);
		const coordinator = await makeActor(db, 'coordinator');
		const link = await issueLink({ db }, coordinator, w.p1a.id);
		expect(link.purpose).toBe('invite');
		expect(link.path).toBe(`/invitation/${link.token}`);
		expect(link.expiresAt.getTime() - Date.now()).toBeGreaterThan(13.9 * 86_400_000);
		expect(await readInvitation({ db }, link.token)).toMatchObject({
			username: link.username,
			purpose: 'invite'
		});

		const mismatch = await acceptInvitation(
			{ db },
			{ token: link.token, password: 'nueva-clave', confirm: 'otra-clave' }
		).catch((e) => e);
		expect(mismatch).toMatchObject({ code: 'invalid_input', fields: { confirm: 'mismatch' } });
		const short = await acceptInvitation(
			{ db },
			{ token: link.token, password: 'corta', confirm: 'corta' }
		).catch((e) => e);
		expect(short.fields.password).toBe('too_short');

		await acceptInvitation(
			{ db },
			{ token: link.token, password: 'nueva-clave', confirm: 'nueva-clave' }
		);
		await expect(attempt(link.username, 'nueva-clave', '10.3.0.1')).resolves.toHaveProperty(
			'userId'
		);
		// A used link does not work twice.
		await expect(readInvitation({ db }, link.token)).rejects.toMatchObject({
			code: 'link_invalid'
		});
		// On a used link, even a password that breaks the rules hears that the link is dead.
		await expect(
			acceptInvitation({ db }, { token: link.token, password: '', confirm: 'x' })
		).rejects.toMatchObject({ code: 'link_invalid' });
		const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'invite'));
		expect(audit.some((a) => a.actorUserId === coordinator.userId)).toBe(true);
	});

	it('expires after 14 days', async () => {
		const w = await makeWorld(db);
		const link = await issueLink({ db }, await makeActor(db, 'coordinator'), w.p1a.id);
		const in15Days = () => new Date(Date.now() + 15 * 86_400_000);
		await expect(readInvitation({ db, now: in15Days }, link.token)).rejects.toMatchObject({
			code: 'link_invalid'
		});
	});

	it('gives a facilitator a new link for a member of their cohort, and revokes the old one', async () => {
		const w = await makeWorld(db);
		const coordinator = await makeActor(db, 'coordinator');
		const first = await issueLink({ db }, coordinator, w.p1a.id);
		const facilitator = await makeActor(db, 'facilitator', { cohortId: w.cohortA.id });
		// The person has not chosen a password yet: the new link is still an invitation.
		const reset = await issueLink({ db }, facilitator, w.p1a.id);
		expect(reset.purpose).toBe('invite');
		expect(reset.username).toBe(first.username);
		await expect(readInvitation({ db }, first.token)).rejects.toMatchObject({
			code: 'link_invalid'
		});
		await expect(readInvitation({ db }, reset.token)).resolves.toMatchObject({
			purpose: 'invite'
		});
		// Once a password is chosen, a new link is one for a forgotten password.
		await acceptInvitation(
			{ db },
			{ token: reset.token, password: 'primera-clave', confirm: 'primera-clave' }
		);
		const forgot = await issueLink({ db }, facilitator, w.p1a.id);
		expect(forgot.purpose).toBe('reset');
		await expect(readInvitation({ db }, forgot.token)).resolves.toMatchObject({
			purpose: 'reset'
		});
	});

	it('ends the open sessions of an account whose password is set through a new link', async () => {
		const w = await makeWorld(db);
		const coordinator = await makeActor(db, 'coordinator');
		const invite = await issueLink({ db }, coordinator, w.p2b.id);
		await acceptInvitation(
			{ db },
			{ token: invite.token, password: 'primera-clave', confirm: 'primera-clave' }
		);
		const { userId } = await attempt(invite.username, 'primera-clave', '10.4.0.1');
		await attempt(invite.username, 'primera-clave', '10.4.0.2');
		const sessionsOf = async () =>
			(await db.select().from(session).where(eq(session.userId, userId))).length;
		expect(await sessionsOf()).toBe(2);

		const reset = await issueLink({ db }, coordinator, w.p2b.id);
		await acceptInvitation(
			{ db },
			{ token: reset.token, password: 'segunda-clave', confirm: 'segunda-clave' }
		);
		expect(await sessionsOf()).toBe(0);
		await expect(attempt(invite.username, 'primera-clave', '10.4.0.3')).rejects.toMatchObject({
			code: 'invalid_credentials'
		});
		await expect(attempt(invite.username, 'segunda-clave', '10.4.0.3')).resolves.toHaveProperty(
			'userId',
			userId
		);
	});

	it('lets a valid link set the password of a slowed-down account, and clears its counter', async () => {
		const w = await makeWorld(db);
		const coordinator = await makeActor(db, 'coordinator');
		const invite = await issueLink({ db }, coordinator, w.p1b.id);
		const now = () => clock;
		await acceptInvitation(
			{ db },
			{ token: invite.token, password: 'primera-clave', confirm: 'primera-clave' }
		);
		for (let i = 0; i < FREE_PER_ACCOUNT; i++)
			await expect(attempt(invite.username, 'mala', '10.10.0.1', now)).rejects.toMatchObject({
				code: 'invalid_credentials'
			});
		await expect(attempt(invite.username, 'primera-clave', '10.10.0.2', now)).rejects.toMatchObject(
			{
				code: 'rate_limited'
			}
		);
		// The address the link is opened from is slowed down too (a shared connection).
		await Promise.all(
			Array.from({ length: FREE_PER_ADDRESS }, (_, i) =>
				attempt(`nadie.${i}`, 'mala', '10.10.0.9', now).catch(() => undefined)
			)
		);
		await expect(attempt('rosa', 'palliri-2026', '10.10.0.9', now)).rejects.toMatchObject({
			code: 'rate_limited'
		});

		const reset = await issueLink({ db }, coordinator, w.p1b.id);
		await acceptInvitation(
			{ db, now },
			{ token: reset.token, password: 'segunda-clave', confirm: 'segunda-clave' }
		);
		// The invitation page signs the person in at once, whatever the counters say.
		const opened = await signInAfterLink(
			{ auth },
			{ username: invite.username, password: 'segunda-clave', headers: headers() }
		);
		expect(opened.setCookies.join(';')).toMatch(/session_token=/);
		// And the account starts afresh, even from the address its failures came from.
		await expect(
			attempt(invite.username, 'segunda-clave', '10.10.0.1', now)
		).resolves.toHaveProperty('userId');
	});

	it('gives nobody a link to an account holding a role they could not grant', async () => {
		const w = await makeWorld(db);
		const coordinator = await makeActor(db, 'coordinator');
		const admin = await makeActor(db, 'admin');
		const facilitatorA = await makeActor(db, 'facilitator', { cohortId: w.cohortA.id });
		const grant = async (username: string, role: Role, scope: Partial<Grant> = {}) => {
			const [u] = await db.select().from(user).where(eq(user.username, username));
			await db.insert(roleAssignment).values({ userId: u!.id, role, ...scope });
		};
		// p1a is a plain member of cohort A; p1b also leads their cooperative (like "dirigente").
		const member = await issueLink({ db }, coordinator, w.p1a.id);
		const lead = await issueLink({ db }, coordinator, w.p1b.id);
		await grant(lead.username, 'cooperative_lead', { cooperativeId: w.coop1.id });
		await expect(issueLink({ db }, facilitatorA, w.p1b.id)).rejects.toMatchObject({
			code: 'forbidden'
		});
		// Nothing was written: the lead's own link still works.
		await expect(readInvitation({ db }, lead.token)).resolves.toMatchObject({
			username: lead.username
		});
		await expect(issueLink({ db }, facilitatorA, w.p1a.id)).resolves.toMatchObject({
			username: member.username
		});
		await expect(issueLink({ db }, coordinator, w.p1b.id)).resolves.toMatchObject({
			username: lead.username
		});

		// A member of cohort A who facilitates another cohort, and one who administers Minka.
		const staff = await makePerson(db, w.coop1.id);
		const boss = await makePerson(db, w.coop1.id);
		for (const p of [staff, boss]) await enrol(db, w.cohortA.id, p);
		const staffLink = await issueLink({ db }, coordinator, staff.id);
		await grant(staffLink.username, 'facilitator', { cohortId: w.cohortB.id });
		const bossLink = await issueLink({ db }, coordinator, boss.id);
		await grant(bossLink.username, 'admin');
		await expect(issueLink({ db }, facilitatorA, staff.id)).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(issueLink({ db }, coordinator, staff.id)).resolves.toBeTruthy();
		for (const actor of [facilitatorA, coordinator])
			await expect(issueLink({ db }, actor, boss.id)).rejects.toMatchObject({
				code: 'forbidden'
			});
		await expect(issueLink({ db }, admin, boss.id)).resolves.toBeTruthy();

		// The pages offer the button only where it works.
		const canLink = async (actor: Actor, personId: string) => {
			const p = await getPerson({ db }, actor, personId);
			const rows = await listPeople({ db }, actor, { filters: { cohort: w.cohortA.id } });
			const row = rows.rows.find((r) => r.id === personId)!;
			expect(row.canReset).toBe(p.can.reset);
			return p.can.reset;
		};
		expect(await canLink(facilitatorA, w.p1a.id)).toBe(true);
		expect(await canLink(facilitatorA, w.p1b.id)).toBe(false);
		expect(await canLink(facilitatorA, staff.id)).toBe(false);
		expect(await canLink(facilitatorA, boss.id)).toBe(false);
		expect(await canLink(coordinator, w.p1b.id)).toBe(true);
		expect(await canLink(coordinator, boss.id)).toBe(false);
		expect(await canLink(admin, boss.id)).toBe(true);
	});

	it('refuses what a role may not do', async () => {
		const w = await makeWorld(db);
		const facilitatorA = await makeActor(db, 'facilitator', { cohortId: w.cohortA.id });
		const focal = await makeActor(db, 'federation_focal_point', { federationId: w.fed1.id });
		const participant = await makeActor(db, 'participant');
		// Facilitators reset passwords but do not create accounts.
		await expect(issueLink({ db }, facilitatorA, w.p1b.id)).rejects.toMatchObject({
			code: 'forbidden'
		});
		for (const actor of [focal, participant])
			await expect(issueLink({ db }, actor, w.p1b.id)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(issueLink({ db }, null, w.p1b.id)).rejects.toMatchObject({
			code: 'unauthenticated'
		});
		// A facilitator of cohort A cannot reset the password of a member of cohort B.
		await issueLink({ db }, await makeActor(db, 'coordinator'), w.p2a.id);
		await expect(issueLink({ db }, facilitatorA, w.p2a.id)).rejects.toMatchObject({
			code: 'forbidden'
		});
		// Nothing was written for the refused requests.
		const links = await db.select().from(invitation);
		expect(links.every((l) => l.createdBy !== facilitatorA.userId)).toBe(true);
	});
});
