import { defineConfig } from 'vitest/config';

// The fuzz suite (tests/fuzz) runs against the production build: `vite build` first.
// It is kept apart from `vitest run`, which reads vite.config.ts.
export default defineConfig({
	test: {
		include: ['tests/fuzz/**/*.test.ts'],
		environment: 'node',
		testTimeout: 120_000,
		hookTimeout: 900_000,
		maxWorkers: 1
	}
});
