// The README's test command must pass on a clone of this repository alone: nothing the tests,
// scripts or app read may live outside it (e.g. in a sibling folder of reference material).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? files(path) : [path];
	});
}

describe('self-contained repository', () => {
	it('reads no file from outside the repository', () => {
		const outside = /\.\.\/(\.\.\/)*shared\b/;
		const offenders = ['src', 'tests', 'scripts', 'bench']
			.flatMap(files)
			.filter((f) => /\.(ts|js|svelte)$/.test(f) && !f.endsWith('self-contained.test.ts'))
			.filter((f) => outside.test(readFileSync(f, 'utf8')));
		expect(offenders).toEqual([]);
	});
});
