import { describe, expect, it } from 'vitest';
import {
	countSyllables,
	fernandezHuerta,
	readability,
	sentences,
	words
} from '../../src/lib/domain/readability';
import { formatHours, roundHours } from '../../src/lib/domain/duration';

describe('countSyllables (Spanish)', () => {
	it.each([
		['casa', 2],
		['mina', 2],
		['estaño', 3],
		['cooperativa', 6], // o-o is a hiatus
		['Llallagua', 3], // ua is a diphthong
		['minería', 4], // an accented í breaks the diphthong
		['día', 2],
		['país', 2],
		['aéreo', 4],
		['leer', 2],
		['ciudad', 2], // iu
		['cuidado', 3], // ui
		['buey', 1], // triphthong with final y
		['hoy', 1],
		['muy', 1],
		['y', 1],
		['ayer', 2], // y before a vowel is a consonant
		['que', 1], // silent u
		['quién', 1],
		['guerra', 2],
		['guitarra', 3],
		['pingüino', 3], // ü is sounded
		['Potosí', 3],
		['socios', 2],
		['Asamblea', 4]
	])('%s has %i', (word, n) => {
		expect(countSyllables(word)).toBe(n);
	});
});

describe('words and sentences', () => {
	it('counts letter words, not numbers or punctuation', () => {
		expect(words('¡Hola, don Fermín! Son 25 socios.')).toEqual([
			'Hola',
			'don',
			'Fermín',
			'Son',
			'socios'
		]);
	});

	it('ends sentences at . ! ? … and at line breaks', () => {
		expect(sentences('Uno dos. ¿Tres? ¡Cuatro! Cinco…\nseis siete\n\n«Ocho.» Nueve')).toEqual([
			'Uno dos.',
			'¿Tres?',
			'¡Cuatro!',
			'Cinco…',
			'seis siete',
			'«Ocho.»',
			'Nueve'
		]);
	});
});

describe('Fernández-Huerta', () => {
	it('is 206.84 − 0.60·(syllables per 100 words) − 1.02·(sentences per 100 words)', () => {
		expect(fernandezHuerta(100, 10, 200)).toBeCloseTo(76.64, 10);
		expect(fernandezHuerta(50, 5, 100)).toBeCloseTo(76.64, 10);
		expect(fernandezHuerta(0, 0, 0)).toBe(0);
	});

	it('scores a known text', () => {
		// la(1) ca-sa(2) es(1) gran-de(2): 4 words, 6 syllables, 1 sentence
		// → 206.84 − 0.6·150 − 1.02·25 = 91.34
		const r = readability('La casa es grande.');
		expect(r).toEqual({
			words: 4,
			sentences: 1,
			syllables: 6,
			wordsPerSentence: 4,
			fernandezHuerta: expect.closeTo(91.34, 10)
		});
		// so-cios(2) de-ci-den(3) jun-tos(2) / la(1) a-sam-ble-a(4) vo-ta(2):
		// 6 words, 14 syllables, 2 sentences → 206.84 − 0.6·233.33 − 1.02·33.33 = 32.84
		const r2 = readability('Socios deciden juntos. La asamblea vota.');
		expect(r2.syllables).toBe(14);
		expect(r2.wordsPerSentence).toBe(3);
		expect(r2.fernandezHuerta).toBeCloseTo(206.84 - 0.6 * (1400 / 6) - 1.02 * (200 / 6), 10);
	});

	it('rates long words and long sentences as harder', () => {
		const easy = readability('El socio va a la mina. La mina es de todos.');
		const hard = readability(
			'La administración cooperativa establece procedimientos administrativos extraordinariamente complicados para comercialización internacional.'
		);
		expect(easy.fernandezHuerta).toBeGreaterThan(90);
		expect(hard.fernandezHuerta).toBeLessThan(30);
		expect(hard.wordsPerSentence).toBeGreaterThan(easy.wordsPerSentence);
	});
});

describe('course hours', () => {
	it('rounds to the half hour and formats per locale', () => {
		expect(roundHours(360)).toBe(6);
		expect(roundHours(1714)).toBe(28.5);
		expect(formatHours(1714, 'es')).toBe('28,5');
		expect(formatHours(1714, 'en')).toBe('28.5');
	});
});
