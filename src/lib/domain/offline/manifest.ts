// The web app manifest: what a phone needs to put Minka on its home screen.

/** The app's colours, as in src/app.css (--c-brand, --c-bg). */
export const THEME_COLOR = '#7a3e14';
export const BACKGROUND_COLOR = '#faf7f2';

export const ICONS = [
	{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
	{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
	{ src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
] as const;

export function webManifest(lang: string, description: string) {
	return {
		id: '/',
		name: 'Minka',
		short_name: 'Minka',
		description,
		lang,
		dir: 'ltr',
		start_url: '/',
		scope: '/',
		display: 'standalone',
		orientation: 'portrait',
		theme_color: THEME_COLOR,
		background_color: BACKGROUND_COLOR,
		icons: ICONS
	};
}
