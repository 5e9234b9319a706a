// fast-formula-parser ships no types; the tests use only its constructor and parse().
declare module 'fast-formula-parser' {
	export default class FormulaParser {
		constructor(config: {
			functions?: Record<string, (...args: never[]) => unknown>;
			onCell?: (ref: { sheet: string; row: number; col: number }) => unknown;
			onRange?: (ref: {
				sheet: string;
				from: { row: number; col: number };
				to: { row: number; col: number };
			}) => unknown[][];
		});
		parse(formula: string, position: { sheet: string; row: number; col: number }): unknown;
	}
}
