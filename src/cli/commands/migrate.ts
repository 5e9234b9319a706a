import type { Command } from '../registry';
import { openConfiguredDb } from '../open';

export const migrateCommand: Command = {
	summary: 'apply the database migrations',
	async run() {
		const handle = await openConfiguredDb();
		await handle.close();
		process.stdout.write(`Migrations applied (${handle.kind}).\n`);
	}
};
