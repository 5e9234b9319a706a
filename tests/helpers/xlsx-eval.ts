import ExcelJS from 'exceljs';
import { IRR, NPV, PMT } from '@formulajs/formulajs';
import FormulaParser from 'fast-formula-parser';

// The parser lacks the finance functions (and MAX); formulajs implements them as spreadsheets do.
type Arg = { value: unknown };
const numbers = (a: Arg): number[] =>
	(Array.isArray(a.value) ? (a.value as unknown[]).flat(2) : [a.value]).filter(
		(v): v is number => typeof v === 'number'
	);
const finance = {
	PMT: (rate: Arg, nper: Arg, pv: Arg) =>
		PMT(Number(rate.value), Number(nper.value), Number(pv.value)),
	NPV: (rate: Arg, ...values: Arg[]) => NPV(Number(rate.value), ...values.flatMap(numbers)),
	IRR: (values: Arg) => IRR(numbers(values)),
	MAX: (...values: Arg[]) => Math.max(...values.flatMap(numbers))
};

/**
 * Works out a spreadsheet's formulas the way a spreadsheet program would, from the file alone
 * (exceljs reads it, fast-formula-parser evaluates): a test can change an input cell and read
 * what every formula gives then.
 */
export async function openSheetFormulas(file: Buffer) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(file as unknown as ArrayBuffer);
	const memo = new Map<string, unknown>();
	const overrides = new Map<string, unknown>();
	const key = (sheet: string, row: number, col: number) => `${sheet}!${row}:${col}`;
	// A formula that reads a cell with a formula parses that one first: the parser keeps its state
	// while it works, so each depth of that recursion gets its own.
	const parsers: FormulaParser[] = [];
	let depth = 0;
	const makeParser = () =>
		new FormulaParser({
			functions: finance,
			onCell: ({ sheet, row, col }: { sheet: string; row: number; col: number }) =>
				value(sheet, row, col),
			onRange: (ref: {
				sheet: string;
				from: { row: number; col: number };
				to: { row: number; col: number };
			}) => {
				const rows = [];
				for (let r = ref.from.row; r <= ref.to.row; r++) {
					const line = [];
					for (let c = ref.from.col; c <= ref.to.col; c++) line.push(value(ref.sheet, r, c));
					rows.push(line);
				}
				return rows;
			}
		});
	function value(sheet: string, row: number, col: number): unknown {
		const k = key(sheet, row, col);
		if (overrides.has(k)) return overrides.get(k);
		if (memo.has(k)) return memo.get(k);
		const ws = wb.getWorksheet(sheet);
		if (!ws) throw new Error(`no sheet ${sheet}`);
		const cell = ws.getCell(row, col);
		const v = cell.value as unknown;
		let out: unknown = v ?? null;
		if (v && typeof v === 'object' && 'formula' in v) {
			const parser = (parsers[depth] ??= makeParser());
			depth++;
			try {
				out = parser.parse((v as { formula: string }).formula, { sheet, row, col });
			} finally {
				depth--;
			}
			if (out && typeof out === 'object' && !Array.isArray(out))
				throw new Error(`${sheet}!${cell.address}: ${String((out as Error).message ?? out)}`);
		}
		memo.set(k, out);
		return out;
	}
	return {
		workbook: wb,
		/** What a cell holds or its formula gives, by sheet name and address ("B7"). */
		get(sheet: string, address: string): unknown {
			const cell = wb.getWorksheet(sheet)!.getCell(address);
			return value(sheet, Number(cell.row), Number(cell.col));
		},
		/** Types a value into a cell: every formula is worked out again. */
		set(sheet: string, address: string, v: unknown) {
			const cell = wb.getWorksheet(sheet)!.getCell(address);
			overrides.set(key(sheet, Number(cell.row), Number(cell.col)), v);
			memo.clear();
		},
		/** The cell in `column` on the row whose column A says `label`. */
		find(sheet: string, label: string, column = 'B'): string {
			const ws = wb.getWorksheet(sheet)!;
			let found = '';
			ws.eachRow((row, n) => {
				if (!found && String(row.getCell(1).value ?? '') === label) found = `${column}${n}`;
			});
			if (!found) throw new Error(`no row "${label}" in ${sheet}`);
			return found;
		}
	};
}
