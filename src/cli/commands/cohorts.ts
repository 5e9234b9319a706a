import { listImportCohorts } from '../../lib/server/import/list-import-cohorts';
import { systemActor } from '../../lib/server/import/system-actor';
import { parseArgs } from '../args';
import { openConfiguredDb } from '../open';
import type { Command } from '../registry';

/** `cohorts [--json]`: the cohorts and their ids, to pass to `import --cohort ID`. */
export const cohortsCommand: Command = {
	summary: 'list cohorts with their ids and enrolled members [--json]',
	async run(args) {
		const { options } = parseArgs(args);
		const handle = await openConfiguredDb();
		try {
			const cohorts = await listImportCohorts({ db: handle.db }, systemActor);
			if (options.json) {
				process.stdout.write(`${JSON.stringify({ cohorts }, null, 2)}\n`);
				return 0;
			}
			if (!cohorts.length) {
				process.stdout.write('No cohorts yet.\n');
				return 0;
			}
			const lines = cohorts.map(
				(c) =>
					`${c.id}  ${c.name} — ${c.programme} (${c.startsOn} → ${c.endsOn}), ${c.enrolled} enrolled`
			);
			process.stdout.write(`${lines.join('\n')}\n`);
		} finally {
			await handle.close();
		}
	}
};
