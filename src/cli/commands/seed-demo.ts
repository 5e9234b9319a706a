import { sql } from 'drizzle-orm';
import { user } from '../../lib/server/db/schema';
import { DEMO_ACCOUNTS, seedDemo } from '../../lib/server/db/seed-demo';
import { env } from '../../lib/server/env';
import { parseArgs } from '../args';
import type { Command } from '../registry';
import { openConfiguredDb } from '../open';

export const seedDemoCommand: Command = {
	summary: 'load the demo programme, organisations and accounts (empty database only)',
	async run(args) {
		const { options } = parseArgs(args);
		if (env().NODE_ENV === 'production' && !options.force) {
			process.stderr.write('Refusing to load demo data in production (add --force to insist).\n');
			return 1;
		}
		const handle = await openConfiguredDb();
		try {
			const [row] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(user);
			if ((row?.n ?? 0) > 0) {
				process.stderr.write(
					'The database already has accounts; the demo loads only into an empty one.\n'
				);
				return 1;
			}
			await seedDemo(handle.db);
			process.stdout.write(
				`Demo loaded. Accounts:\n${DEMO_ACCOUNTS.map((a) => `  ${a.username} / ${a.password}  (${a.label})`).join('\n')}\n`
			);
		} finally {
			await handle.close();
		}
	}
};
