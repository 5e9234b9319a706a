// Debian's Chromium, never a downloaded browser; flags that keep it off the (closed) network.
// The Playwright config and the specs that open a phone of their own launch it the same way.
export const CHROMIUM = {
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
