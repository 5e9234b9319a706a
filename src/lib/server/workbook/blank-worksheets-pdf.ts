import type {
	Content,
	ContentSection,
	DynamicContent,
	TableCell,
	TDocumentDefinitions
} from 'pdfmake/interfaces';
import { m } from '../../paraglide/messages.js';
import type { Field, Locale, Workbook, WorkbookSection } from '../curriculum/schema';
import { pdfmake } from '../pdf/pdfmake';

/** Tables wider than this get landscape pages: on paper a grid is easier to fill than blocks. */
export const PORTRAIT_COLUMNS_MAX = 5;
/** Empty rows printed for a table: enough for most groups, or what the content asks for. */
export const TABLE_ROWS_MIN = 5;

const A4_PORTRAIT_WIDTH = 595.28;
const MARGINS: [number, number, number, number] = [45, 60, 45, 55];
/** Width of the writing area on a portrait page: ruled lines are drawn this long. */
const LINE_WIDTH = A4_PORTRAIT_WIDTH - MARGINS[0] - MARGINS[2];
/** Room between two ruled lines: enough for big handwriting. */
const LINE_GAP = 24;
const MULTILINE_LINES = 5;
const GREY = '#555555';
const RULE = '#888888';

type Part = Workbook['parts'][number];

/**
 * The workbook's sheets with nothing filled in, for groups that meet around one phone or none:
 * printed at a copy shop, filled with a pen, typed into Minka later. Every section starts on a
 * new page with room for each field sized by its type; wide tables get landscape pages. The
 * whole workbook, or one part when `partId` names it (the caller checks it exists).
 */
export function blankWorksheetsDefinition(
	workbook: Workbook,
	locale: Locale,
	partId?: string
): TDocumentDefinitions {
	const o = { locale };
	const parts = partId ? workbook.parts.filter((p) => p.id === partId) : workbook.parts;
	const title = m.blankpdf_title({}, o);
	const subtitle = partId && parts[0] ? parts[0].title[locale] : null;

	const cover: ContentSection = {
		section: [
			{ text: title, style: 'title', margin: [0, 80, 0, 8] },
			subtitle
				? { text: subtitle, fontSize: 16, bold: true, margin: [0, 0, 0, 8] }
				: { text: m.blankpdf_all_parts({}, o), fontSize: 14, margin: [0, 0, 0, 8] },
			{ text: m.blankpdf_for_paper({}, o), margin: [0, 0, 0, 20] },
			{ text: m.blankpdf_how_title({}, o), style: 'h2' },
			{
				ol: [
					m.blankpdf_how_talk({}, o),
					m.blankpdf_how_write({}, o),
					m.blankpdf_how_mark({}, o),
					m.blankpdf_how_type({}, o),
					m.blankpdf_how_keep({}, o)
				],
				fontSize: 12,
				lineHeight: 1.4,
				margin: [0, 4, 0, 0]
			},
			{ text: m.blankpdf_credit({}, o), fontSize: 9, color: GREY, margin: [0, 40, 0, 0] },
			{
				toc: { title: { text: m.blankpdf_contents({}, o), style: 'h1' } },
				pageBreak: 'before'
			}
		],
		header: null
	};

	const sections: ContentSection[] = [];
	for (const part of parts)
		part.sections.forEach((s, i) => sections.push(...sectionPages(part, s, i === 0, locale)));

	return {
		pageSize: 'A4',
		pageMargins: MARGINS,
		info: {
			title: subtitle ? `${title} — ${subtitle}` : title,
			subject: m.blankpdf_for_paper({}, o),
			creator: 'Minka'
		},
		defaultStyle: { font: 'Roboto', fontSize: 11, lineHeight: 1.15 },
		styles: {
			title: { fontSize: 26, bold: true },
			h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 6] },
			h2: { fontSize: 15, bold: true, margin: [0, 4, 0, 4] },
			label: { fontSize: 12, bold: true, margin: [0, 12, 0, 1] },
			help: { fontSize: 10, color: GREY, margin: [0, 0, 0, 2] },
			hint: { fontSize: 9, color: GREY, italics: true },
			th: { fontSize: 9, bold: true, fillColor: '#eeeeee' }
		},
		footer: (page, pages) => ({
			text: m.blankpdf_page({ page, pages }, o),
			alignment: 'center',
			fontSize: 9,
			color: GREY,
			margin: [0, 20, 0, 0]
		}),
		content: [cover, ...sections]
	};
}

export async function renderBlankWorksheetsPdf(
	workbook: Workbook,
	locale: Locale,
	partId?: string
): Promise<Buffer> {
	return pdfmake.createPdf(blankWorksheetsDefinition(workbook, locale, partId)).getBuffer();
}

/**
 * One workbook section as one or more runs of pages: portrait, and landscape for each wide table.
 * The first run opens with the part's heading (for the part's first section), the section's
 * title and a line for the cooperative and the date.
 */
function sectionPages(
	part: Part,
	s: WorkbookSection,
	firstOfPart: boolean,
	locale: Locale
): ContentSection[] {
	const o = { locale };
	const header: DynamicContent = () => ({
		text: `${part.title[locale]} · ${s.title[locale]}`,
		fontSize: 9,
		color: GREY,
		margin: [MARGINS[0], 30, MARGINS[2], 0]
	});
	const opening: Content[] = [
		...(firstOfPart
			? [{ text: part.title[locale], style: 'h1', tocItem: true } satisfies Content]
			: []),
		{
			text: s.title[locale],
			style: 'h2',
			tocItem: true,
			tocMargin: [14, 0, 0, 0]
		},
		{
			text: [
				{ text: `${m.blankpdf_cooperative({}, o)} `, bold: true },
				'______________________________    ',
				{ text: `${m.blankpdf_date({}, o)} `, bold: true },
				'____ / ____ / ________'
			],
			margin: [0, 6, 0, 4]
		}
	];
	const runs: { wide: boolean; content: Content[] }[] = [];
	for (const f of s.fields) {
		const wide = f.type === 'table' && (f.columns?.length ?? 0) > PORTRAIT_COLUMNS_MAX;
		const last = runs.at(-1);
		if (last && !last.wide && !wide) last.content.push(fieldContent(f, locale));
		else runs.push({ wide, content: [fieldContent(f, locale)] });
	}
	return runs.map((r, i) => ({
		section: i === 0 ? [...opening, ...r.content] : r.content,
		pageOrientation: r.wide ? 'landscape' : 'portrait',
		header
	}));
}

function fieldContent(f: Field, locale: Locale): Content {
	const head: Content[] = [{ text: f.label[locale], style: 'label' }];
	if (f.help) head.push({ text: f.help[locale], style: 'help' });
	// A field's label stays with its room to write; a table may run onto the next page.
	return { stack: [...head, ...room(f, locale)], unbreakable: f.type !== 'table' };
}

/** The room to write a field's answer, sized by its type. */
function room(f: Field, locale: Locale): Content[] {
	const o = { locale };
	switch (f.type) {
		case 'text':
			return [lines(f.multiline ? MULTILINE_LINES : 1)];
		case 'number':
			return [box(f.unit?.[locale])];
		case 'money':
			return [box('Bs')];
		case 'date':
			return [
				{
					text: ['____ / ____ / ________   ', { text: m.blankpdf_date_hint({}, o), style: 'hint' }],
					margin: [0, 8, 0, 0]
				}
			];
		case 'person':
			return [
				{
					columns: [
						{ text: m.blankpdf_name({}, o), width: 'auto', margin: [0, 10, 6, 0] },
						{ stack: [lines(1, LINE_WIDTH - 70)], width: '*' }
					]
				}
			];
		case 'score':
			return [
				{
					text: [
						{ text: '1        2        3        4        5', fontSize: 16, bold: true },
						{ text: `      ${m.blankpdf_circle({}, o)}`, style: 'hint' }
					],
					margin: [12, 8, 0, 0]
				}
			];
		case 'choice':
			return [
				{
					text: f.multiple ? m.blankpdf_pick_many({}, o) : m.blankpdf_pick_one({}, o),
					style: 'hint',
					margin: [0, 2, 0, 4]
				},
				...(f.options ?? []).map((opt) => checkbox(opt.label[locale]))
			];
		case 'table':
			return table(f, locale);
	}
}

/** Ruled lines to write on. */
function lines(n: number, width = LINE_WIDTH): Content {
	return {
		canvas: Array.from({ length: n }, (_, i) => ({
			type: 'line' as const,
			x1: 0,
			y1: LINE_GAP * (i + 1),
			x2: width,
			y2: LINE_GAP * (i + 1),
			lineWidth: 0.6,
			lineColor: RULE
		})),
		margin: [0, 0, 0, 4]
	};
}

/** A short box for a number, with its unit after it. */
function box(unit?: string): Content {
	return {
		columns: [
			{
				width: 140,
				canvas: [{ type: 'rect', x: 0, y: 0, w: 140, h: 26, lineWidth: 0.8, lineColor: '#000000' }]
			},
			{ text: unit ?? '', width: '*', margin: [8, 7, 0, 0], bold: true }
		],
		margin: [0, 6, 0, 2]
	};
}

/** An option with an empty square to mark (Roboto has no "□" glyph: the square is drawn). */
export function checkbox(label: string): Content {
	return {
		columns: [
			{
				width: 22,
				canvas: [{ type: 'rect', x: 2, y: 2, w: 12, h: 12, lineWidth: 0.9, lineColor: '#000000' }]
			},
			{ text: label, width: '*' }
		],
		margin: [6, 3, 0, 3]
	};
}

/** A grid with the column headers and empty ruled rows; the header repeats on a new page. */
function table(f: Field, locale: Locale): Content[] {
	const o = { locale };
	const columns = f.columns ?? [];
	const rows = Math.max(f.minRows ?? 0, TABLE_ROWS_MIN);
	const notes: Content[] = columns.flatMap((c): Content[] => {
		const parts: string[] = [];
		if (c.help) parts.push(c.help[locale]);
		if (c.type === 'choice' && c.options?.length)
			parts.push(
				m.blankpdf_write_one({ options: c.options.map((x) => x.label[locale]).join(' / ') }, o)
			);
		return parts.length
			? [{ text: [{ text: `${c.label[locale]}: `, bold: true }, parts.join(' ')], style: 'help' }]
			: [];
	});
	const cell = (c: Field): TableCell => {
		const hint =
			c.type === 'score'
				? '1  2  3  4  5'
				: c.type === 'money'
					? 'Bs'
					: c.type === 'date'
						? '/        /'
						: c.type === 'number' && c.unit
							? c.unit[locale]
							: '';
		return hint
			? {
					text: hint,
					fontSize: 8,
					color: '#777777',
					alignment: c.type === 'score' || c.type === 'date' ? 'center' : 'right',
					margin: [0, 8, 0, 0]
				}
			: { text: '' };
	};
	return [
		...notes,
		{
			table: {
				headerRows: 1,
				dontBreakRows: true,
				widths: columns.map((c) => (c.type === 'score' ? 58 : '*')),
				heights: (row) => (row === 0 ? 'auto' : 30),
				body: [
					columns.map((c): TableCell => ({ text: c.label[locale], style: 'th' })),
					...Array.from({ length: rows }, () => columns.map(cell))
				]
			},
			margin: [0, 4, 0, 6]
		}
	];
}
