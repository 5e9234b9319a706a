import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ precompress: true }),
		// Absolute asset paths: an error page served under another URL (a refused export, see
		// lib/server/http/export.ts) still finds its styles.
		paths: { relative: false },
		// Pages ship without SvelteKit's client (csr = false), which is what would register the
		// worker: static/js/sw-register.js does it instead.
		serviceWorker: { register: false },
		// Nonces for SvelteKit's own inline bootstrap script; nothing may load from another host.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'object-src': ['none']
			}
		}
	}
};

export default config;
