import { open, stat } from 'node:fs/promises';
import { financeInputFromJson, resultInBolivianos } from '../../lib/domain/finance/json-input';
import { computeFinance } from '../../lib/domain/finance/model';
import type { FinanceResult } from '../../lib/domain/finance/types';
import { formatMoney } from '../../lib/domain/workbook-values';
import { financeProblemText } from '../../lib/i18n/finance-problems';
import { parseArgs } from '../args';
import type { Command } from '../registry';

/** A model's inputs fit in a few KB; anything far larger is not one. */
const MAX_BYTES = 1024 * 1024;

async function readBounded(path: string): Promise<string> {
	const info = await stat(path);
	if (!info.isFile()) throw new Error(`${path} is not a file.`);
	if (info.size > MAX_BYTES)
		throw new Error(`${path} is ${info.size} bytes; a model's inputs are at most ${MAX_BYTES}.`);
	const handle = await open(path);
	try {
		const buf = Buffer.alloc(MAX_BYTES + 1);
		const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
		if (bytesRead > MAX_BYTES) throw new Error(`${path} grew beyond ${MAX_BYTES} bytes.`);
		return buf.subarray(0, bytesRead).toString('utf8');
	} finally {
		await handle.close();
	}
}

function summary(r: FinanceResult, locale: 'es' | 'en'): string {
	const bs = (c: number | null) => (c === null ? '—' : formatMoney(c, locale));
	const pct = (f: number | null) => (f === null ? '—' : `${(f * 100).toFixed(2)} %`);
	const lines = [
		`Investment + working capital: ${bs(r.totals.required)}; funding: ${bs(r.totals.funding)}`,
		`Loan instalment per month: ${bs(r.loan.payment)}`,
		`Cash at the end of month 12: ${bs(r.cashflow.at(-1)?.closing ?? null)}`,
		`Break-even per month: ${r.breakEven.units === null ? '—' : r.breakEven.units.toFixed(2)} units, ${bs(r.breakEven.bs)}`,
		`NPV: ${bs(r.npv)}; IRR: ${pct(r.irr)}; payback: ${r.paybackMonths ?? '—'} months`
	];
	for (const p of r.problems)
		lines.push(`${p.severity === 'error' ? 'Error' : 'Warning'}: ${financeProblemText(p, locale)}`);
	return `${lines.join('\n')}\n`;
}

/** `finance FILE.json [--json] [--lang es]`: the financial model from the command line. */
export const financeCommand: Command = {
	summary: 'compute a financial model from its inputs (docs/finance.md) [--json] [--lang es]',
	async run(args) {
		const { options, positionals } = parseArgs(args);
		const file = positionals[0];
		const locale = options.lang === 'es' ? 'es' : 'en';
		if (!file) {
			process.stderr.write('Usage: npm run -s minka -- finance FILE.json [--json] [--lang es]\n');
			return 2;
		}
		let value: unknown;
		try {
			value = JSON.parse(await readBounded(file));
		} catch (e) {
			const err = e as NodeJS.ErrnoException;
			const why = err.code === 'ENOENT' ? `${file} does not exist.` : err.message;
			process.stderr.write(`Cannot read the model's inputs: ${why}\n`);
			return 1;
		}
		const parsed = financeInputFromJson(value);
		if (!parsed.ok) {
			const lines = parsed.errors.map((e) => `  ${e.path || '(file)'}: ${e.message}`);
			process.stderr.write(`The inputs do not follow docs/finance.md:\n${lines.join('\n')}\n`);
			return 1;
		}
		const result = computeFinance(parsed.input);
		if (options.json) {
			const out = resultInBolivianos(result) as Record<string, unknown>;
			// Params in bolivianos like every other figure, and the sentence a person reads.
			out.problems = (out.problems as object[]).map((p, i) => ({
				...p,
				message: financeProblemText(result.problems[i]!, locale)
			}));
			process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
		} else process.stdout.write(summary(result, locale));
		return result.problems.some((p) => p.severity === 'error') ? 1 : 0;
	}
};
