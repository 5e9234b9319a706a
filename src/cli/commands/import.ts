import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CoopDecision, CoopQuestion } from '../../lib/domain/import/types';
import { isAppError } from '../../lib/server/errors';
import { commitImport, type CommitResult } from '../../lib/server/import/commit-import';
import { decideCooperatives } from '../../lib/server/import/decide-cooperatives';
import { findImportFederation } from '../../lib/server/import/find-federation';
import { reasonText, t } from '../../lib/server/import/messages';
import { previewFile } from '../../lib/server/import/preview-file';
import { MAX_FILE_BYTES } from '../../lib/server/import/read-file';
import { startImport } from '../../lib/server/import/start-import';
import { systemActor } from '../../lib/server/import/system-actor';
import { parseArgs } from '../args';
import { openConfiguredDb } from '../open';
import type { Command } from '../registry';

const flags = ['json', 'dry-run', 'create-cooperatives'];

const usage =
	'Usage: npm run minka -- import FILE --cohort ID [--dry-run] [--json] [--create-cooperatives --federation ID]';

/**
 * `import FILE --cohort ID`: the same preview and confirmation as the web page, for scripts.
 * Runs as the system actor (coordinator rights, no user account; audit entries say via "cli").
 * Cooperatives that do not match a registered one with certainty make their rows errors, unless
 * `--create-cooperatives --federation ID` creates each of them as new in that federation.
 */
export const importCommand: Command = {
	summary:
		'import a member list (.xlsx/.csv) into a cohort: FILE --cohort ID [--dry-run] [--json] [--create-cooperatives --federation ID]',
	async run(args) {
		const { options, positionals } = parseArgs(args);
		// A flag followed by the file swallowed it as a value: give it back.
		for (const f of flags)
			if (typeof options[f] === 'string') {
				positionals.push(options[f] as string);
				options[f] = true;
			}
		const file = positionals[0];
		const cohortId = typeof options.cohort === 'string' ? options.cohort : undefined;
		if (!file || !cohortId) {
			process.stderr.write(`${usage}\n`);
			return 2;
		}
		if (!existsSync(file)) {
			process.stderr.write(`File not found: ${file}\n`);
			return 2;
		}
		const json = options.json === true;
		const dryRun = options['dry-run'] === true;
		const createCoops = options['create-cooperatives'] === true;
		if (createCoops && typeof options.federation !== 'string') {
			process.stderr.write(
				`--create-cooperatives needs --federation ID (or short name).\n${usage}\n`
			);
			return 2;
		}

		const handle = await openConfiguredDb();
		try {
			const deps = { db: handle.db };
			let decide: ((qs: CoopQuestion[]) => Record<string, CoopDecision>) | undefined;
			if (createCoops) {
				const fed = await findImportFederation(deps, systemActor, options.federation as string);
				if (!fed) {
					process.stderr.write(`Federation not found: ${options.federation}\n`);
					return 2;
				}
				decide = (qs) =>
					Object.fromEntries(
						qs.flatMap((q) => {
							const department = q.suggestedDepartment ?? fed.department;
							return department
								? [[q.key, { kind: 'new', federationId: fed.id, department } as CoopDecision]]
								: [];
						})
					);
			}
			const bytes = readFileSync(file);
			const fileName = basename(file);
			const preview = await previewFile(deps, systemActor, {
				cohortId,
				fileName,
				bytes,
				decide
			});
			const ev = preview.evaluation;
			if (!ev) {
				const problem = `The columns for ${preview.missing.join(', ')} were not recognised (headers on row ${preview.headerRow}: ${preview.headers.join(' | ')}).`;
				if (json)
					process.stdout.write(
						`${JSON.stringify({ error: 'mapping', missing: preview.missing, headerRow: preview.headerRow, headers: preview.headers }, null, 2)}\n`
					);
				else process.stderr.write(`${problem}\n`);
				return 2;
			}

			let committed: CommitResult | null = null;
			const importable = ev.counts.new + ev.counts.update;
			if (!dryRun && importable > 0) {
				const { batchId } = await startImport(deps, systemActor, { cohortId, fileName, bytes });
				const decisions = Object.fromEntries(
					ev.questions.flatMap((q) => (q.decision ? [[q.key, q.decision]] : []))
				);
				if (Object.keys(decisions).length)
					await decideCooperatives(deps, systemActor, { cohortId, batchId, decisions });
				// The fingerprint makes sure what is written is what was just previewed.
				committed = await commitImport(deps, systemActor, {
					cohortId,
					batchId,
					expectedFingerprint: ev.fingerprint
				});
			}

			const rows = ev.rows.map((r) => ({
				row: r.row,
				status: r.status,
				reasons: r.reasons.map((x) => reasonText(x, 'es')),
				person: {
					givenNames: r.person.givenNames ?? null,
					surnames: r.person.surnames ?? null,
					ciNumber: r.person.ciNumber ?? null,
					ciExtension: r.person.ciExtension ?? null,
					sex: r.person.sex ?? null,
					birthDate: r.person.birthDate ?? null,
					phone: r.person.phone ?? null,
					cooperative: r.person.cooperativeName ?? null
				}
			}));
			const out = {
				cohort: { id: preview.cohort.id, name: preview.cohort.name },
				file: fileName,
				dryRun,
				headerRow: preview.headerRow,
				mapping: Object.fromEntries(
					preview.headers.flatMap((h, i) => (preview.mapping[i] ? [[h, preview.mapping[i]]] : []))
				),
				counts: ev.counts,
				cooperatives: ev.questions.map((q) => ({
					name: q.name,
					rows: q.rows,
					similar: q.candidates.map((c) => c.name),
					decision: q.decision?.kind ?? null
				})),
				rows,
				committed
			};
			if (json) {
				process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
				return 0;
			}
			const lines = [
				`${fileName} → ${preview.cohort.name}: header on row ${preview.headerRow}, ${ev.counts.total} rows: ${ev.counts.new} new, ${ev.counts.update} update, ${ev.counts.duplicate} duplicate, ${ev.counts.error} error.`
			];
			for (const r of rows)
				if (r.status !== 'new' && r.status !== 'duplicate')
					lines.push(
						`  row ${String(r.row).padStart(4)}  ${r.status.padEnd(9)} ${r.reasons.join(' ')}`
					);
			if (ev.questions.some((q) => !q.decision))
				lines.push(
					'Rows whose cooperative is not registered (or not surely matched) were not imported; confirm them in the web page or rerun with --create-cooperatives --federation ID.'
				);
			if (dryRun) lines.push('Dry run: nothing was written.');
			else if (!committed) lines.push('Nothing to import: nothing was written.');
			else
				lines.push(
					`Written in one transaction: ${committed.created} people created, ${committed.updated} updated, ${committed.enrolled} enrolled, ${committed.cooperativesCreated.length} cooperatives and ${committed.teamsCreated.length} teams created (import ${committed.batchId}).`
				);
			process.stdout.write(`${lines.join('\n')}\n`);
			return 0;
		} catch (e) {
			if (isAppError(e) && e.code === 'not_found') {
				process.stderr.write(
					`Cohort not found: ${cohortId} (list them with: npm run minka -- cohorts)\n`
				);
				return 2;
			}
			if (isAppError(e) && e.fields?.file) {
				const mb = Math.round(MAX_FILE_BYTES / 1024 / 1024);
				process.stderr.write(`${t(`import_${e.fields.file}`, 'es', { mb })}\n`);
				return 2;
			}
			if (isAppError(e) && e.code === 'conflict') {
				process.stderr.write(
					'The data changed while importing; nothing was written. Run it again.\n'
				);
				return 1;
			}
			throw e;
		} finally {
			await handle.close();
		}
	}
};
