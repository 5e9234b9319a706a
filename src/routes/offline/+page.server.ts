import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';

// The service worker keeps this page and shows it when a page cannot load. It reads the page's
// language from this header, to fetch it again when the member changes language.
export const load: PageServerLoad = ({ setHeaders }) => {
	setHeaders({ 'content-language': getLocale() });
};
