import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM } from './tests/e2e/chromium';

const port = Number(process.env.E2E_PORT ?? 4173);

const chromium = CHROMIUM;

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 30_000,
	reporter: process.env.CI ? 'list' : [['list']],
	use: {
		baseURL: `http://localhost:${port}`,
		launchOptions: chromium,
		locale: 'es-BO',
		trace: 'off'
	},
	projects: [
		{
			name: 'phone',
			use: { ...devices['Pixel 5'], launchOptions: chromium, defaultBrowserType: 'chromium' }
		}
	],
	webServer: {
		command: 'node scripts/e2e-server.js',
		env: { PORT: String(port) },
		url: `http://localhost:${port}/healthz`,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'ignore',
		stderr: 'pipe'
	}
});
