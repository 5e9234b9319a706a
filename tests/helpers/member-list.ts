// Generated member lists for tests and the import bench: the shape federations send (title
// rows, Spanish headers, mixed spellings), at any size, deterministic for a given seed.
import ExcelJS from 'exceljs';

const given = [
	'Juana',
	'Rosa',
	'María',
	'Justina',
	'Felipa',
	'Gladys',
	'Nélida',
	'Teodoro',
	'Eusebio',
	'Rogelio',
	'Germán',
	'Cirilo',
	'Hilarión',
	'Froilán',
	'Zenón',
	'Ñico'
];
const surnames = [
	'Quispe',
	'Mamani',
	'Condori',
	'Choque',
	'Flores',
	'Apaza',
	'Huanca',
	'Colque',
	'Yujra',
	'Limachi',
	'Achá',
	'Peñaranda',
	'Gutiérrez',
	'Villca',
	'Ticona',
	'Copa'
];
const exp = ['LP', 'L.P.', 'LPZ', 'PT', 'Pt', 'OR', 'CB', 'Cbba'];
const sexF = ['F', 'f', 'Femenino', 'MUJER'];
const sexM = ['M', 'm', 'Masculino', 'HOMBRE'];

/** A small deterministic random generator (mulberry32). */
function rng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface GeneratedList {
	/** Cooperative base names ("San Pedro 12"), each written two ways in the file. */
	cooperatives: string[];
	headers: string[];
	/** Data rows as cell values: strings, and real dates in the birth-date column. */
	rows: Array<Array<string | number | Date>>;
}

/**
 * `count` members of `coops` cooperatives. Every row is importable: CI numbers are unique,
 * everyone is an adult, phones are Bolivian; names, sexes, dates and cooperatives vary in form.
 */
export function generateMembers(count: number, coops = 40, seed = 7): GeneratedList {
	const r = rng(seed);
	const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
	const cooperatives = Array.from({ length: coops }, (_, i) => `San Pedro ${i + 1}`);
	const headers = [
		'N°',
		'APELLIDO PATERNO',
		'APELLIDO MATERNO',
		'NOMBRES',
		'C.I.',
		'EXP.',
		'SEXO',
		'FECHA NAC.',
		'CELULAR',
		'COOPERATIVA',
		'CARGO'
	];
	const rows = Array.from({ length: count }, (_, i) => {
		const f = r() < 0.3;
		const year = 1955 + Math.floor(r() * 45);
		const born = new Date(Date.UTC(year, Math.floor(r() * 12), 1 + Math.floor(r() * 28)));
		const coop = cooperatives[i % coops]!;
		const phone = String(70_000_000 + Math.floor(r() * 9_999_999));
		return [
			i + 1,
			pick(surnames).toUpperCase(),
			pick(surnames),
			`${pick(given)} ${r() < 0.4 ? pick(given) : ''}`.trim(),
			String(3_000_000 + i * 7),
			pick(exp),
			f ? pick(sexF) : pick(sexM),
			// Half as real dates, half as dd/mm/yyyy text.
			i % 2
				? born
				: `${String(born.getUTCDate()).padStart(2, '0')}/${String(born.getUTCMonth() + 1).padStart(2, '0')}/${year}`,
			i % 3 ? phone : `+591 ${phone}`,
			i % 2 ? `Cooperativa Minera "${coop}" Ltda.` : `COOP. MINERA ${coop.toUpperCase()}`,
			f ? 'Socia' : 'Socio'
		];
	});
	return { cooperatives, headers, rows };
}

/** The list as .xlsx with a title block above the header row. */
export async function memberListXlsx(list: GeneratedList, title = true): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('PARTICIPANTES');
	if (title) {
		ws.addRow(['FEDERACIÓN - LISTA DE PARTICIPANTES']);
		ws.addRow(['CURSO THINK.COOP / START.COOP']);
		ws.addRow([]);
	}
	ws.addRow(list.headers);
	for (const row of list.rows) ws.addRow(row);
	ws.getColumn(8).numFmt = 'dd/mm/yyyy';
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Any table as .xlsx (header first), for header-variant tests. */
export async function tableXlsx(rows: ExcelJS.CellValue[][]): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('Hoja1');
	for (const row of rows) ws.addRow(row);
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Any table as CSV text. */
export function tableCsv(rows: string[][], sep = ';', eol = '\r\n'): string {
	const cell = (v: string) => (/["\n;,]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
	return rows.map((r) => r.map(cell).join(sep)).join(eol) + eol;
}
