import { resolve } from 'node:path';
import { loadCurriculum } from './load-curriculum';
import type { Curriculum } from './schema';

let loading: Promise<Curriculum> | undefined;

/**
 * The curriculum in `./content`, loaded and validated once per process (content changes with a
 * deploy, not at run time). A failed load is not cached, so a fixed file can be retried.
 */
export function getCurriculum(): Promise<Curriculum> {
	loading ??= loadCurriculum(resolve('content')).catch((e: unknown) => {
		loading = undefined;
		throw e;
	});
	return loading;
}
