import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4173);

// Debian's Chromium, never a downloaded browser; flags that keep it off the (closed) network.
const chromium = {
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: [
		'--headless',
		'--no-sandbox',
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync'
	]
};

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
