import type { ProvidedContext } from 'vitest';

/**
 * What the run's global setup provided (tests/helpers/global-setup.ts), or nothing outside
 * Vitest: the helpers are also used by scripts run with tsx (bench/import.ts), where importing
 * Vitest's `inject` would throw.
 */
export async function provided<K extends keyof ProvidedContext>(
	key: K
): Promise<ProvidedContext[K] | undefined> {
	if (!process.env.VITEST) return undefined;
	const { inject } = await import('vitest');
	return inject(key);
}
