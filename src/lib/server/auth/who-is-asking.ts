import { getSessionCookie } from 'better-auth/cookies';
import { createHash } from 'node:crypto';
import { loadActor } from '../access/load-actor';
import type { Actor } from '../access/guard';
import type { Db } from '../db/client';
import type { Auth } from './auth';

export interface SignedInUser {
	id: string;
	name: string;
	username: string;
	personId: string | null;
}

export interface Who {
	user: SignedInUser;
	actor: Actor;
}

/** How long a process trusts what it learnt about a session without asking the database. */
export const WHO_TTL_MS = 30_000;
/** Sessions remembered at once; the least recently used is forgotten first. */
export const WHO_MAX_ENTRIES = 5_000;

interface Entry {
	who: Who;
	/** Until when the entry may be used: the TTL, or the session's own end if sooner. */
	until: number;
}

/**
 * Session token → who is asking, for at most `WHO_TTL_MS`. Keyed by a hash of the session
 * cookie, so the cache holds no usable token. A Map keeps insertion order: re-inserting on each
 * hit makes the first key the least recently used.
 */
export class WhoCache {
	private readonly entries = new Map<string, Entry>();
	private readonly keysOfUser = new Map<string, Set<string>>();
	/** Bumped on every invalidation: a lookup that started before one must not store its result. */
	private generation = 0;

	constructor(
		readonly ttlMs = WHO_TTL_MS,
		readonly maxEntries = WHO_MAX_ENTRIES
	) {}

	get size(): number {
		return this.entries.size;
	}

	get currentGeneration(): number {
		return this.generation;
	}

	get(key: string, now = Date.now()): Who | undefined {
		const e = this.entries.get(key);
		if (!e) return undefined;
		if (e.until <= now) {
			this.delete(key);
			return undefined;
		}
		this.entries.delete(key);
		this.entries.set(key, e);
		return e.who;
	}

	/** Stores a lookup's result unless something was invalidated since it started. */
	set(key: string, who: Who, opts: { generation: number; sessionEnds?: Date; now?: number }) {
		if (opts.generation !== this.generation) return;
		const now = opts.now ?? Date.now();
		const until = Math.min(now + this.ttlMs, opts.sessionEnds?.getTime() ?? Infinity);
		this.delete(key);
		this.entries.set(key, { who, until });
		let keys = this.keysOfUser.get(who.user.id);
		if (!keys) this.keysOfUser.set(who.user.id, (keys = new Set()));
		keys.add(key);
		while (this.entries.size > this.maxEntries) {
			const oldest = this.entries.keys().next().value as string;
			this.delete(oldest);
		}
	}

	delete(key: string) {
		const e = this.entries.get(key);
		if (!e) return;
		this.entries.delete(key);
		const keys = this.keysOfUser.get(e.who.user.id);
		keys?.delete(key);
		if (keys && !keys.size) this.keysOfUser.delete(e.who.user.id);
	}

	/** Forgets every session of a user (signed out, new password, roles or account changed). */
	dropUser(userId: string) {
		this.generation++;
		for (const key of this.keysOfUser.get(userId) ?? []) this.entries.delete(key);
		this.keysOfUser.delete(userId);
	}

	clear() {
		this.generation++;
		this.entries.clear();
		this.keysOfUser.clear();
	}
}

const cache = new WhoCache();
/** Tells the other processes (PostgreSQL NOTIFY on `minka_auth`); none on PGlite. */
let broadcast: (userId: string) => void = () => {};

export function whoCache(): WhoCache {
	return cache;
}

/** Installed at start-up on PostgreSQL, so other processes forget a user too. */
export function setWhoBroadcast(fn: (userId: string) => void): void {
	broadcast = fn;
}

/**
 * Call after the change has committed: this process forgets the user at once, the others when
 * the notification reaches them (and at the latest after `WHO_TTL_MS`).
 */
export function invalidateUser(userId: string): void {
	cache.dropUser(userId);
	broadcast(userId);
}

export function sessionKey(headers: Headers): string | null {
	const token = getSessionCookie(headers);
	return token ? createHash('sha256').update(token).digest('base64url') : null;
}

/**
 * Who is asking, from the session cookie: from the cache when this process looked it up less
 * than `WHO_TTL_MS` ago, else from the database (session, user, grants) and then remembered.
 * A disabled account or an unknown session is nobody (and is not remembered).
 */
export async function whoIsAsking(
	deps: { db: Db; auth: Auth; cache?: WhoCache },
	headers: Headers
): Promise<Who | null> {
	const c = deps.cache ?? cache;
	const key = sessionKey(headers);
	if (!key) return null;
	const hit = c.get(key);
	if (hit) return hit;
	const generation = c.currentGeneration;
	const found = await deps.auth.api.getSession({ headers });
	if (!found) return null;
	const actor = await loadActor(deps.db, found.user.id);
	if (!actor) return null;
	const who: Who = {
		actor,
		user: {
			id: found.user.id,
			name: found.user.name,
			username: (found.user as { username?: string }).username ?? '',
			personId: actor.personId
		}
	};
	c.set(key, who, { generation, sessionEnds: new Date(found.session.expiresAt) });
	return who;
}
