// Readability of Spanish text: our readers read little, so content aims at short sentences
// (≤ 15 words on average) and an easy Fernández-Huerta score. Pure functions, no dependencies.

/** a, e, o and the accented vowels: two in a row are two syllables (hiatus). */
const strong = new Set(['a', 'e', 'o', 'á', 'é', 'ó', 'à', 'è', 'ò']);
/** Accented i and u break a diphthong: "dí-a", "ba-úl". */
const stressedWeak = new Set(['í', 'ú']);
const vowels = new Set(['a', 'e', 'i', 'o', 'u', 'á', 'é', 'í', 'ó', 'ú', 'ü', 'à', 'è', 'ò']);

/**
 * Syllables of one Spanish word, by counting vowel nuclei: a run of vowels is one syllable
 * (diphthong, triphthong) except between two strong vowels or next to an accented i/u (hiatus).
 * The u of "que", "qui", "gue", "gui" is silent; a final "y" ("hoy", "muy", "y") is a vowel.
 * An approximation (it ignores h between vowels and a few rare words), good for averages.
 */
export function countSyllables(word: string): number {
	const w = word
		.normalize('NFC')
		.toLowerCase()
		.replace(/[^\p{L}]/gu, '')
		.replace(/qu/g, 'q')
		.replace(/gu([eiéí])/g, 'g$1');
	if (!w) return 0;
	let count = 0;
	let prev: string | null = null;
	for (let i = 0; i < w.length; i++) {
		const ch = w[i]!;
		const next = w[i + 1];
		// "y" is a vowel only at the end of a word or before a consonant ("rey", "muy", "y").
		const isVowel =
			vowels.has(ch) ||
			(ch === 'y' && i > 0 && (next === undefined || !vowels.has(next))) ||
			w === 'y';
		if (!isVowel) {
			prev = null;
			continue;
		}
		const v = ch === 'y' ? 'i' : ch;
		if (prev === null) count++;
		else {
			const hiatus =
				(strong.has(prev) && strong.has(v)) ||
				stressedWeak.has(prev) ||
				stressedWeak.has(v) ||
				prev === v;
			if (hiatus) count++;
		}
		prev = v;
	}
	return Math.max(count, 1);
}

/** The words of a text: runs of letters (numbers and symbols are not counted). */
export function words(text: string): string[] {
	return text.match(/\p{L}+(?:['’]\p{L}+)*/gu) ?? [];
}

/**
 * Sentences: text up to ". ", "!", "?", "…" or a line break (a paragraph or list item that ends
 * without a full stop still ends a sentence). Pieces without any word are dropped.
 */
export function sentences(text: string): string[] {
	return text
		.split(/(?<=[.!?…]+[»”"')]*)\s+|\n+/u)
		.map((s) => s.trim())
		.filter((s) => words(s).length > 0);
}

export interface Readability {
	words: number;
	sentences: number;
	syllables: number;
	wordsPerSentence: number;
	/**
	 * Fernández-Huerta (1959): 206.84 − 0.60·P − 1.02·F, with P syllables and F sentences per
	 * 100 words. Higher is easier: ≥ 80 easy, 60–70 normal, < 50 hard. 0 for a text without words.
	 */
	fernandezHuerta: number;
}

export function fernandezHuerta(wordCount: number, sentenceCount: number, syllableCount: number) {
	if (wordCount === 0) return 0;
	const p = (100 * syllableCount) / wordCount;
	const f = (100 * sentenceCount) / wordCount;
	return 206.84 - 0.6 * p - 1.02 * f;
}

export function readability(text: string): Readability {
	const ws = words(text);
	const sentenceCount = sentences(text).length;
	const syllables = ws.reduce((n, w) => n + countSyllables(w), 0);
	return {
		words: ws.length,
		sentences: sentenceCount,
		syllables,
		wordsPerSentence: sentenceCount ? ws.length / sentenceCount : 0,
		fernandezHuerta: fernandezHuerta(ws.length, sentenceCount, syllables)
	};
}
