import { fold } from '../text';
import { nameCase } from './values';

// Words every cooperative name carries in one spelling or another; they say nothing about which.
const legalWords = new Set([
	'cooperativa',
	'cooperativas',
	'coop',
	'coope',
	'cooperativo',
	'minera',
	'mineras',
	'minero',
	'aurifera',
	'auriferas',
	'aurifero',
	'ltda',
	'ltd',
	'limitada',
	'responsabilidad',
	'rl',
	'srl'
]);
const joiners = new Set(['de', 'del', 'la', 'las', 'los', 'el', 'y']);

/**
 * The part of a cooperative's name that identifies it, for matching:
 * 'Cooperativa Minera "Cerro Rico" Ltda.' and "COOP. MINERA CERRO RICO" both give "cerro rico".
 */
export function cooperativeKey(raw: string): string {
	const words = fold(raw)
		// Dots go without a space so that "R.L." and "Ltda." stay one word.
		.replace(/\./g, '')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.split(' ')
		.filter((w) => w && !legalWords.has(w));
	while (words.length && joiners.has(words[0]!)) words.shift();
	while (words.length && joiners.has(words[words.length - 1]!)) words.pop();
	return words.join(' ');
}

/** A short display name from the key: "san juan de tipuani" → "San Juan de Tipuani". */
export function cooperativeShortName(key: string): string {
	return nameCase(key);
}

function editDistanceAtMostOne(a: string, b: string): boolean {
	if (a === b) return true;
	if (Math.abs(a.length - b.length) > 1) return false;
	let i = 0;
	let j = 0;
	let edits = 0;
	while (i < a.length && j < b.length) {
		if (a[i] === b[j]) {
			i++;
			j++;
			continue;
		}
		if (++edits > 1) return false;
		if (a.length > b.length) i++;
		else if (b.length > a.length) j++;
		else {
			i++;
			j++;
		}
	}
	return edits + (a.length - i) + (b.length - j) <= 1;
}

/**
 * How alike two cooperative keys are, 0–1: shared words over all words (Dice), where a word
 * with one typo still counts as shared. "cerro rico" / "cerro rico unificada" → 0.8.
 */
export function cooperativeSimilarity(a: string, b: string): number {
	const wa = a.split(' ').filter((w) => w && !joiners.has(w));
	const wb = b.split(' ').filter((w) => w && !joiners.has(w));
	if (!wa.length || !wb.length) return 0;
	const used = new Set<number>();
	let shared = 0;
	for (const x of wa) {
		const k = wb.findIndex(
			(y, idx) =>
				!used.has(idx) &&
				(x === y || (x.length >= 4 && y.length >= 4 && editDistanceAtMostOne(x, y)))
		);
		if (k >= 0) {
			used.add(k);
			shared++;
		}
	}
	return (2 * shared) / (wa.length + wb.length);
}

/** Below this a cooperative is not offered as a possible match. */
export const SIMILARITY_THRESHOLD = 0.5;
