import { evaluateImport } from '../../domain/import/evaluate';
import { guessMapping, missingRequirements, type Requirement } from '../../domain/import/fields';
import type {
	ColumnMapping,
	CoopDecision,
	CoopQuestion,
	Evaluation
} from '../../domain/import/types';
import { assertCan, type Actor } from '../access/guard';
import { headerCells } from './batch';
import { nowOf, type ImportDeps } from './deps';
import { loadCohort, loadContext, type CohortInfo } from './load-context';
import { readMemberFile } from './read-file';

export interface FilePreview {
	cohort: CohortInfo;
	headerRow: number;
	headers: string[];
	mapping: ColumnMapping;
	missing: Requirement[];
	evaluation: Evaluation | null;
}

/**
 * The preview of a file without keeping anything (a dry run): header found, mapping guessed,
 * rows evaluated. `decide` may answer the cooperative questions, as the CLI's flags do.
 */
export async function previewFile(
	deps: ImportDeps,
	actor: Actor | null,
	input: {
		cohortId: string;
		fileName: string;
		bytes: Uint8Array;
		decide?: (questions: CoopQuestion[]) => Record<string, CoopDecision>;
	}
): Promise<FilePreview> {
	assertCan(actor, 'import.run');
	const cohort = await loadCohort(deps.db, input.cohortId);
	const sheet = await readMemberFile(input.bytes, input.fileName);
	const headers = headerCells(sheet);
	const mapping = guessMapping(headers);
	const missing = missingRequirements(mapping);
	if (missing.length)
		return { cohort, headerRow: sheet.headerRow, headers, mapping, missing, evaluation: null };
	const args = { cohortId: input.cohortId, ...sheet, mapping, decisions: {}, now: nowOf(deps) };
	const context = await loadContext(deps.db, args);
	let evaluation = evaluateImport(context);
	if (input.decide) {
		const decisions = input.decide(evaluation.questions.filter((q) => !q.decision));
		if (Object.keys(decisions).length) evaluation = evaluateImport({ ...context, decisions });
	}
	return { cohort, headerRow: sheet.headerRow, headers, mapping, missing, evaluation };
}
