import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { minifyIslands } from './scripts/minify-islands.js';

export default defineConfig({
	plugins: [
		sveltekit(),
		minifyIslands(),
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'baseLocale']
		})
	],
	server: { port: 3000 },
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		// Migrates once per run; each file's database starts from that (tests/helpers/db.ts).
		globalSetup: ['tests/helpers/global-setup.ts'],
		testTimeout: 120_000,
		hookTimeout: 240_000,
		// PGlite instances are heavy; two workers fit two cores.
		maxWorkers: 2
	}
});
