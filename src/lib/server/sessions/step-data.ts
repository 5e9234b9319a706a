import type { Actor } from '../access/guard';
import type { Activity, Locale } from '../curriculum/schema';
import type { Executor } from '../db/client';
import type { RunContext } from './run-context';

/**
 * What the player needs to show a worksheet, quiz or decide step: the saved answer, its
 * revision, the fields or options. Null for steps that are only read, discussed or reflected on.
 */
export type StepData = null;

export async function loadStepData(
	_deps: { db: Executor },
	_actor: Actor,
	_run: RunContext,
	_activity: Activity,
	_locale: Locale
): Promise<StepData> {
	return null;
}
