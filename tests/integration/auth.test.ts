import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth, type Auth } from '../../src/lib/server/auth/auth';
import { createAccount } from '../../src/lib/server/auth/create-account';
import { acceptInvitation, issueLink, readInvitation } from '../../src/lib/server/auth/invitations';
import { MAX_PER_IDENTIFIER } from '../../src/lib/server/auth/rate-limit';
import { signIn } from '../../src/lib/server/auth/sign-in';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { auditLog, invitation, session, user } from '../../src/lib/server/db/schema';
import { createTestDb } from '../helpers/db';
import { makeActor, makeWorld } from '../factories/org';

let handle: DbHandle;
let db: Db;
let auth: Auth;
const headers = () => new Headers({ origin: 'http://localhost:3000' });
const attempt = (identifier: string, password: string, ip = '10.0.0.1') =>
	signIn({ db, auth }, { identifier, password, ip, headers: headers() });

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

	it('locks an identifier after repeated failures, even with the right password', async () => {
		await createAccount(db, { name: 'Leo', username: 'leo', password: 'correcta-123' }, null);
		for (let i = 0; i < MAX_PER_IDENTIFIER; i++)
			await expect(attempt('leo', 'mala', `10.1.0.${i}`)).rejects.toMatchObject({
				code: 'invalid_credentials'
			});
		await expect(attempt('leo', 'correcta-123', '10.1.1.1')).rejects.toMatchObject({
			code: 'rate_limited'
		});
		// After the window passes, it works again.
		const later = () => new Date(Date.now() + 16 * 60_000);
		await expect(
			signIn(
				{ db, auth, now: later },
				{ identifier: 'leo', password: 'correcta-123', ip: '10.1.1.1', headers: headers() }
			)
		).resolves.toHaveProperty('userId');
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
		const reset = await issueLink({ db }, facilitator, w.p1a.id);
		expect(reset.purpose).toBe('reset');
		expect(reset.username).toBe(first.username);
		await expect(readInvitation({ db }, first.token)).rejects.toMatchObject({
			code: 'link_invalid'
		});
		await expect(readInvitation({ db }, reset.token)).resolves.toMatchObject({ purpose: 'reset' });
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
