import { apiKeyCommand } from './commands/api-key';
import { backupCommand, backupVerifyCommand, restoreCommand } from './commands/backup';
import { cohortsCommand } from './commands/cohorts';
import { contentCheckCommand } from './commands/content-check';
import { createAdmin } from './commands/create-admin';
import { credentialRotateCommand, credentialVerifyCommand } from './commands/credential';
import { financeCommand } from './commands/finance';
import { importCommand } from './commands/import';
import { migrateCommand } from './commands/migrate';
import { reportCommand } from './commands/report';
import { seedDemoCommand } from './commands/seed-demo';

export interface Command {
	summary: string;
	/** Returns the exit code. */
	run(args: string[]): Promise<number | void>;
}

export const commands: Record<string, Command> = {
	migrate: migrateCommand,
	'seed-demo': seedDemoCommand,
	'create-admin': createAdmin,
	'content:check': contentCheckCommand,
	cohorts: cohortsCommand,
	import: importCommand,
	finance: financeCommand,
	'api-key': apiKeyCommand,
	report: reportCommand,
	'credential:verify': credentialVerifyCommand,
	'credential:rotate-key': credentialRotateCommand,
	backup: backupCommand,
	restore: restoreCommand,
	'backup:verify': backupVerifyCommand
};
