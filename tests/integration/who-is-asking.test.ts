import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import { createAuth, type Auth } from '../../src/lib/server/auth/auth';
import { acceptInvitation, issueLink } from '../../src/lib/server/auth/invitations';
import { signIn, signOut } from '../../src/lib/server/auth/sign-in';
import {
	invalidateUser,
	WhoCache,
	whoCache,
	whoIsAsking,
	type Who
} from '../../src/lib/server/auth/who-is-asking';
import { assignFacilitator, removeFacilitator } from '../../src/lib/server/cohorts/facilitators';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { user } from '../../src/lib/server/db/schema';
import { installPgLive } from '../../src/lib/server/live/install-pg-live';
import { PgListener } from '../../src/lib/server/live/pg-listener';
import { createTestDb } from '../helpers/db';
import { makeActor, makeWorld } from '../factories/org';

let handle: DbHandle & { url?: string };
let db: Db;
let auth: Auth;
let coordinator: Actor;
let lookups = 0;
let live: { close(): Promise<void> } | undefined;
const onPg = !!process.env.DATABASE_URL;

/** better-auth with its session lookups counted: a cache hit makes none. */
function countedAuth(real: Auth): Auth {
	return {
		...real,
		api: {
			...real.api,
			getSession: ((...args: Parameters<Auth['api']['getSession']>) => {
				lookups++;
				return real.api.getSession(...args);
			}) as Auth['api']['getSession']
		}
	} as Auth;
}

let ip = 0;
/** A member with a password, signed in: the headers a browser would send. */
async function signedInMember(): Promise<{ headers: Headers; userId: string; personId: string }> {
	const w = await makeWorld(db);
	const link = await issueLink({ db }, coordinator, w.p1a.id);
	await acceptInvitation(
		{ db },
		{ token: link.token, password: 'clave-1234', confirm: 'clave-1234' }
	);
	return { ...(await session(link.username, 'clave-1234')), personId: w.p1a.id };
}

async function session(username: string, password: string) {
	const { setCookies, userId } = await signIn(
		{ db, auth },
		{
			identifier: username,
			password,
			ip: `10.9.0.${++ip}`,
			headers: new Headers({ origin: 'http://localhost:3000' })
		}
	);
	const cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
	return { headers: new Headers({ cookie }), userId };
}

const ask = (headers: Headers, cache?: WhoCache) => whoIsAsking({ db, auth, cache }, headers);

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	auth = countedAuth(createAuth(db, { secret: 'x'.repeat(40), baseURL: 'http://localhost:3000' }));
	if (onPg) live = await installPgLive(db, handle.url!, () => {});
	coordinator = await makeActor(db, 'coordinator');
});
afterAll(async () => {
	await live?.close();
	await handle.close();
});
beforeEach(() => whoCache().clear());

describe('who is asking', () => {
	it('asks the database once, then answers from the cache', async () => {
		const m = await signedInMember();
		lookups = 0;
		const first = await ask(m.headers);
		expect(first?.user.id).toBe(m.userId);
		expect(first?.actor.personId).toBe(m.personId);
		expect(first?.actor.grants.map((g) => g.role)).toEqual(['participant']);
		const again = await ask(m.headers);
		expect(again).toEqual(first);
		expect(lookups).toBe(1);
	});

	it('is nobody without a cookie or with a forged one, and remembers neither', async () => {
		expect(await ask(new Headers())).toBeNull();
		const forged = new Headers({ cookie: 'better-auth.session_token=abc.def' });
		expect(await ask(forged)).toBeNull();
		expect(whoCache().size).toBe(0);
	});

	it('forgets a session at sign-out at once', async () => {
		const m = await signedInMember();
		expect(await ask(m.headers)).not.toBeNull();
		await signOut({ auth }, m.headers, m.userId);
		expect(await ask(m.headers)).toBeNull();
	});

	it('forgets every session of an account whose password is changed through a link', async () => {
		const m = await signedInMember();
		const other = await session((await ask(m.headers))!.user.username, 'clave-1234');
		expect(await ask(other.headers)).not.toBeNull();
		const reset = await issueLink({ db }, coordinator, m.personId);
		expect(reset.purpose).toBe('reset');
		await acceptInvitation(
			{ db },
			{ token: reset.token, password: 'otra-clave-99', confirm: 'otra-clave-99' }
		);
		expect(await ask(m.headers)).toBeNull();
		expect(await ask(other.headers)).toBeNull();
	});

	it('sees a role given or taken away on the next request', async () => {
		const m = await signedInMember();
		const w = await makeWorld(db);
		const roles = async () => (await ask(m.headers))!.actor.grants.map((g) => g.role).sort();
		expect(await roles()).toEqual(['participant']);
		const username = (await ask(m.headers))!.user.username;
		await assignFacilitator({ db }, coordinator, w.cohortA.id, username);
		expect(await roles()).toEqual(['facilitator', 'participant']);
		await removeFacilitator({ db }, coordinator, w.cohortA.id, m.userId);
		expect(await roles()).toEqual(['participant']);
	});

	it('locks out a disabled account once it is invalidated', async () => {
		const m = await signedInMember();
		expect(await ask(m.headers)).not.toBeNull();
		await db.update(user).set({ disabled: true }).where(eq(user.id, m.userId));
		invalidateUser(m.userId);
		expect(await ask(m.headers)).toBeNull();
	});

	it('trusts an entry no longer than its TTL', async () => {
		const m = await signedInMember();
		const short = new WhoCache(40);
		expect(await ask(m.headers, short)).not.toBeNull();
		// Changed behind the cache's back (as another process without notifications would).
		await db.update(user).set({ disabled: true }).where(eq(user.id, m.userId));
		expect(await ask(m.headers, short)).not.toBeNull();
		await new Promise((r) => setTimeout(r, 60));
		expect(await ask(m.headers, short)).toBeNull();
	});
});

describe('the cache itself', () => {
	const who = (id: string): Who => ({
		user: { id, name: id, username: id, personId: null },
		actor: { userId: id, personId: null, grants: [] }
	});

	it('keeps at most its size, forgetting the least recently used', () => {
		const c = new WhoCache(60_000, 2);
		const g = () => c.currentGeneration;
		c.set('a', who('u1'), { generation: g() });
		c.set('b', who('u2'), { generation: g() });
		c.get('a');
		c.set('c', who('u3'), { generation: g() });
		expect(c.get('a')).toBeDefined();
		expect(c.get('b')).toBeUndefined();
		expect(c.get('c')).toBeDefined();
		expect(c.size).toBe(2);
	});

	it('never outlives the session it describes', () => {
		const c = new WhoCache(60_000);
		const now = Date.now();
		c.set('a', who('u1'), { generation: 0, sessionEnds: new Date(now + 10), now });
		expect(c.get('a', now + 5)).toBeDefined();
		expect(c.get('a', now + 11)).toBeUndefined();
	});

	it('drops a lookup that raced with an invalidation', () => {
		const c = new WhoCache();
		const started = c.currentGeneration;
		c.dropUser('u1');
		c.set('a', who('u1'), { generation: started });
		expect(c.get('a')).toBeUndefined();
	});
});

if (onPg) {
	describe('across processes (PostgreSQL, channel minka_auth)', () => {
		it("another process's cache forgets the user when this one invalidates", async () => {
			const m = await signedInMember();
			// The other process: its own cache, its own LISTEN connection.
			const otherCache = new WhoCache();
			const listener = new PgListener({ url: handle.url! });
			await listener.start();
			listener.on('minka_auth', (id) => otherCache.dropUser(id));
			try {
				expect(await ask(m.headers, otherCache)).not.toBeNull();
				expect(otherCache.size).toBe(1);
				await signOut({ auth }, m.headers, m.userId);
				const deadline = Date.now() + 5000;
				while (otherCache.size && Date.now() < deadline)
					await new Promise((r) => setTimeout(r, 20));
				expect(otherCache.size).toBe(0);
				expect(await ask(m.headers, otherCache)).toBeNull();
			} finally {
				await listener.close();
			}
		});
	});
} else {
	describe('in one process (PGlite)', () => {
		it('needs no notification: invalidation reaches the only cache directly', async () => {
			const m = await signedInMember();
			expect(await ask(m.headers)).not.toBeNull();
			expect(whoCache().size).toBe(1);
			invalidateUser(m.userId);
			expect(whoCache().size).toBe(0);
		});
	});
}
