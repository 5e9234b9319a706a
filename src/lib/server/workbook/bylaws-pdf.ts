import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { dateFormat } from '../../domain/intl-cache';
import { m } from '../../paraglide/messages.js';
import type { Locale } from '../curriculum/schema';
import { pdfmake } from '../pdf/pdfmake';
import type { BylawsBlock, BylawsDraft } from './get-bylaws-draft';

const ROMAN: [number, string][] = [
	[10, 'X'],
	[9, 'IX'],
	[5, 'V'],
	[4, 'IV'],
	[1, 'I']
];
const roman = (n: number) => {
	let out = '';
	for (const [v, s] of ROMAN)
		while (n >= v) {
			out += s;
			n -= v;
		}
	return out;
};

/**
 * The draft bylaws as a PDF to take to the assembly: the draft notice on the first page and in
 * every page's header, numbered chapters and articles (numbered through the whole document, as
 * bylaws are), the places still missing in red, and signature lines for the founding assembly.
 */
export async function renderBylawsPdf(
	draft: BylawsDraft,
	locale: Locale,
	generatedAt: Date
): Promise<Buffer> {
	const o = { locale };
	const tag = locale === 'es' ? 'es-BO' : 'en-GB';
	const day = dateFormat(tag, { dateStyle: 'long', timeZone: 'America/La_Paz' }).format(
		generatedAt
	);
	const title = m.orgdoc_pdf_title({ name: draft.cooperative }, o);

	const body: Content[] = [
		{ text: title, style: 'title' },
		{
			table: {
				widths: ['*'],
				body: [[{ text: m.orgdoc_pdf_notice({}, o), bold: true, margin: [6, 6, 6, 6] }]]
			},
			layout: {
				fillColor: () => '#fff4d6',
				hLineColor: () => '#b45309',
				vLineColor: () => '#b45309'
			},
			margin: [0, 8, 0, 8]
		},
		{ text: m.orgdoc_pdf_generated({ date: day }, o), style: 'note' },
		{
			text: draft.missing
				? m.orgdoc_pdf_missing({ count: draft.missing }, o)
				: m.orgdoc_pdf_none_missing({}, o),
			style: 'note',
			margin: [0, 0, 0, 6]
		}
	];
	let n = 0;
	draft.chapters.forEach((ch, i) => {
		ch.articles.forEach((a, j) => {
			n += 1;
			const heading: Content = {
				text: m.orgdoc_article({ n, heading: a.heading }, o),
				style: 'article'
			};
			// A long first paragraph may break across pages; a short one stays with its heading.
			const keep = a.blocks[0] && blockLength(a.blocks[0]) <= 600 ? 1 : 0;
			const blocks = a.blocks.map(blockContent);
			const start = [heading, ...blocks.slice(0, keep)];
			const rest = blocks.slice(keep);
			// A chapter's title stays on the page of its first article, a heading with its text.
			body.push({
				stack:
					j === 0
						? [
								{
									text: m.orgdoc_chapter({ n: roman(i + 1), title: ch.title }, o),
									style: 'chapter'
								},
								...start
							]
						: start,
				unbreakable: true
			});
			body.push(...rest);
		});
	});

	const line = (role: string): Content => ({
		stack: [
			{ text: '\n\n\n______________________________' },
			{ text: role, bold: true },
			{ text: `${m.orgdoc_sign_name({}, o)} ______________________` }
		],
		unbreakable: true,
		margin: [0, 0, 0, 10]
	});
	body.push(
		{ text: m.orgdoc_sign_title({}, o), style: 'chapter', pageBreak: 'before' },
		{ text: m.orgdoc_sign_intro({}, o), margin: [0, 0, 0, 12] },
		{
			columns: [
				{
					stack: [line(m.orgdoc_sign_president_admin({}, o)), line(m.orgdoc_sign_secretary({}, o))]
				},
				{
					stack: [
						line(m.orgdoc_sign_president_oversight({}, o)),
						line(m.orgdoc_sign_representative({}, o))
					]
				}
			],
			columnGap: 20
		}
	);

	const doc: TDocumentDefinitions = {
		pageSize: 'A4',
		pageMargins: [55, 70, 55, 60],
		info: { title, subject: m.orgdoc_pdf_notice({}, o), creator: 'Minka' },
		defaultStyle: { font: 'Roboto', fontSize: 10.5, lineHeight: 1.25 },
		styles: {
			title: { fontSize: 20, bold: true, margin: [0, 0, 0, 4] },
			chapter: { fontSize: 14, bold: true, margin: [0, 16, 0, 4] },
			article: { bold: true, margin: [0, 8, 0, 2] },
			note: { fontSize: 9, color: '#555555' },
			missing: { color: '#b91c1c', italics: true }
		},
		// A page printed alone still says it is a draft.
		header: () => ({
			text: m.orgdoc_pdf_header({ name: draft.cooperative }, o),
			fontSize: 8,
			color: '#b45309',
			bold: true,
			margin: [55, 28, 55, 0]
		}),
		footer: (page, pages) => ({
			text: m.plan_pdf_page({ page, pages }, o),
			alignment: 'center',
			fontSize: 8,
			color: '#555555',
			margin: [0, 20, 0, 0]
		}),
		content: body
	};
	return pdfmake.createPdf(doc).getBuffer();
}

const blockLength = (b: BylawsBlock) =>
	b.kind === 'list' ? b.items.join('').length : b.text.length;

function blockContent(b: BylawsBlock): Content {
	switch (b.kind) {
		case 'text':
			return { text: b.text, margin: [0, 0, 0, 3] };
		case 'list':
			return { ul: b.items, margin: [0, 0, 0, 3] };
		case 'missing':
			return { text: b.text, style: 'missing', margin: [0, 0, 0, 3] };
	}
}
