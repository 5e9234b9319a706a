import { parseHTML } from 'linkedom';
import { numberFormat } from '../../domain/intl-cache';

export type ChartLocale = 'es' | 'en';

/** A DOM for Observable Plot to draw into: charts are drawn on the server, no browser. */
export function chartDocument(): Document {
	return parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
}

const escapeXml = (s: string) =>
	s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Whole bolivianos for an axis: "Bs 12.000" (es-BO) or "Bs 12,000" (en). */
export function axisBs(bs: number, locale: ChartLocale): string {
	const text = numberFormat(locale === 'en' ? 'en-US' : 'es-BO', {
		maximumFractionDigits: 0
	}).format(Math.round(bs));
	return `Bs ${text.replace('-', '−')}`;
}

export function axisNumber(n: number, locale: ChartLocale): string {
	return numberFormat(locale === 'en' ? 'en-US' : 'es-BO', { maximumFractionDigits: 0 }).format(
		Math.round(n)
	);
}

/**
 * Plot's SVG → what a page inlines and pdfmake (svg-to-pdfkit) draws: no <style> element or
 * classes (svg-to-pdfkit ignores CSS and the page's CSP would see nothing to allow anyway),
 * `currentColor` replaced by a plain colour (pdfkit has no inherited CSS colour), coordinates
 * rounded to one decimal (a third of the bytes), and `role="img"` with a title and description
 * so a screen reader tells what the chart shows.
 */
export function finishSvg(svg: SVGSVGElement, title: string, desc: string): string {
	const html = svg.outerHTML
		.replace(/<style>[\s\S]*?<\/style>/g, '')
		.replace(/ class="[^"]*"/g, '')
		.replace(/ aria-label="[^"]*"/g, '')
		.replace(/currentColor/g, '#222')
		// Round inside attribute values only: text such as "Bs 200.000" is a label, not a coordinate.
		.replace(/="[^"]*"/g, (attr) =>
			attr.replace(/(\d+\.\d)\d+/g, '$1').replace(/\.0(?=[^\d])/g, '')
		);
	const open = /^<svg[^>]*>/.exec(html);
	if (!open) throw new Error('not an svg');
	const head = open[0]
		.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg" role="img"')
		.replace(/>$/, ' style="max-width:100%;height:auto">');
	return (
		head +
		`<title>${escapeXml(title)}</title><desc>${escapeXml(desc)}</desc>` +
		html.slice(open[0].length)
	);
}
