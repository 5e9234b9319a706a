import { eq, sql } from 'drizzle-orm';
import { normalizeBoPhone } from '../../domain/phone';
import type { Executor } from '../db/client';
import { user } from '../db/schema';

/**
 * What an identifier names, written one way: an e-mail address (lower case), a phone number
 * (+591…, whatever the spacing, dashes or prefix) or a username (lower case).
 */
export function normalizeIdentifier(
	identifier: string
): { kind: 'email' | 'phone' | 'username'; value: string } | null {
	const id = identifier.trim();
	if (!id) return null;
	if (id.includes('@')) return { kind: 'email', value: id.toLowerCase() };
	const phone = /^[+\d\s\-().]+$/.test(id) ? normalizeBoPhone(id) : null;
	if (phone) return { kind: 'phone', value: phone };
	return { kind: 'username', value: id.toLowerCase() };
}

/** The account an identifier names: a username, an e-mail address or a phone number. */
export async function findUserByIdentifier(db: Executor, identifier: string) {
	const n = normalizeIdentifier(identifier);
	if (!n) return undefined;
	const where =
		n.kind === 'email'
			? eq(sql`lower(${user.email})`, n.value)
			: n.kind === 'phone'
				? eq(user.phone, n.value)
				: eq(user.username, n.value);
	const [u] = await db.select().from(user).where(where);
	return u;
}
