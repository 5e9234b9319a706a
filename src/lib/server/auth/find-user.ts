import { eq, sql } from 'drizzle-orm';
import { normalizeBoPhone } from '../../domain/phone';
import type { Executor } from '../db/client';
import { user } from '../db/schema';

/** The account an identifier names: a username, an e-mail address or a phone number. */
export async function findUserByIdentifier(db: Executor, identifier: string) {
	const id = identifier.trim();
	if (!id) return undefined;
	let where;
	if (id.includes('@')) where = eq(sql`lower(${user.email})`, id.toLowerCase());
	else {
		const phone = /^[+\d\s\-().]+$/.test(id) ? normalizeBoPhone(id) : null;
		where = phone ? eq(user.phone, phone) : eq(user.username, id.toLowerCase());
	}
	const [u] = await db.select().from(user).where(where);
	return u;
}
