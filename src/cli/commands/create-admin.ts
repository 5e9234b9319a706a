import { z } from 'zod';
import { createAccount } from '../../lib/server/auth/create-account';
import { isAppError } from '../../lib/server/errors';
import { parseArgs } from '../args';
import type { Command } from '../registry';
import { openConfiguredDb } from '../open';

const input = z.object({
	username: z
		.string()
		.regex(/^[a-z0-9._-]{3,60}$/, 'username: 3–60 lower-case letters, digits, . _ -'),
	password: z.string().min(8, 'password: at least 8 characters'),
	name: z.string().min(1).default('Administración'),
	email: z.email('email: not a valid address').optional()
});

export const createAdmin: Command = {
	summary: 'create an admin account: --username U --password P [--name N] [--email E]',
	async run(args) {
		const { options } = parseArgs(args);
		const parsed = input.safeParse({
			username: options.username,
			password: options.password ?? process.env.MINKA_ADMIN_PASSWORD,
			name: typeof options.name === 'string' ? options.name : undefined,
			email: typeof options.email === 'string' ? options.email : undefined
		});
		if (!parsed.success) {
			process.stderr.write(`${parsed.error.issues.map((i) => i.message).join('\n')}\n`);
			return 2;
		}
		const handle = await openConfiguredDb();
		try {
			const { username } = await handle.db.transaction((tx) =>
				createAccount(tx, { ...parsed.data, grants: [{ role: 'admin' }] }, null)
			);
			process.stdout.write(`Admin account "${username}" created.\n`);
		} catch (e) {
			if (isAppError(e) && e.code === 'conflict') {
				process.stderr.write(`An account named "${parsed.data.username}" already exists.\n`);
				return 1;
			}
			throw e;
		} finally {
			await handle.close();
		}
	}
};
