import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Half a second of a 440 Hz tone, Opus in Ogg (1.4 KB), made once with opus-tools:
 * `opusenc --raw --raw-rate 48000 --raw-chan 1 --bitrate 8 - tone.opus`. Committed, so the
 * tests never need the encoder.
 */
export const opusFixture = (): Buffer => readFileSync('tests/fixtures/audio/tone.opus');

/**
 * The smallest valid content directory: one course, one module, one session of five activities
 * (one of each kind that has structure), pre- and post-test, a workbook, and a recorded reading
 * of the opening in Spanish. Tests copy it and break one thing. Keys are paths inside the
 * content directory.
 */
export function fixtureFiles(): Record<string, string | Buffer> {
	const session = 'think-coop/01-orientation/01-first-meeting';
	const files: Record<string, string | Buffer> = {
		'workbook.yaml': `parts:
  - id: think
    title: { es: "Nuestra decisión", en: "Our decision" }
    sections:
      - id: decision
        title: { es: "La decisión", en: "The decision" }
        fields:
          - id: decision
            type: choice
            required: true
            label: { es: "¿Qué decidimos?", en: "What did we decide?" }
            options:
              - { id: yes, label: { es: "Sí", en: "Yes" } }
              - { id: no, label: { es: "No", en: "No" } }
`,
		'think-coop/course.yaml': `title: { es: "Curso de prueba", en: "Test course" }
summary: { es: "Un curso corto.", en: "A short course." }
outcomes:
  es: ["Leer juntos.", "Decidir juntos."]
  en: ["Read together.", "Decide together."]
credit: { es: "Basado en Think.COOP de la OIT.", en: "Based on the ILO's Think.COOP." }
`,
		'think-coop/01-orientation/module.yaml': `title: { es: "Orientación", en: "Orientation" }
summary: { es: "Un módulo.", en: "One module." }
output: { es: "Una decisión.", en: "A decision." }
`,
		[`${session}/session.yaml`]: `title: { es: "Primera reunión", en: "First meeting" }
duration: 20
objectives:
  es: ["Conocernos.", "Decidir."]
  en: ["Get to know each other.", "Decide."]
output: { es: "Un mapa y una decisión.", en: "A map and a decision." }
`,
		[`${session}/01-welcome.es.md`]: `---
type: read
title: "Bienvenida"
duration: 5
phase: opening
---
¡Bienvenidos! Elijan quién lee.

Hoy vamos a **decidir** juntos.
`,
		[`${session}/01-welcome.es.opus`]: opusFixture(),
		[`${session}/01-welcome.en.md`]: `---
type: read
title: "Welcome"
duration: 5
phase: opening
---
Welcome! Choose who reads.

Today we will **decide** together.
`,
		[`${session}/02-map.es.md`]: `---
type: worksheet
title: "Mapa"
duration: 5
fields:
  - id: relationships
    type: table
    label: "Relaciones"
    minRows: 2
    columns:
      - { id: who, type: text, label: "¿Quién?" }
      - { id: kind, type: choice, label: "Tipo", options: [{ id: horizontal, label: "Horizontal" }, { id: vertical, label: "Vertical" }] }
---
Anoten sus relaciones.
`,
		[`${session}/02-map.en.md`]: `---
type: worksheet
title: "Map"
duration: 5
fields:
  - id: relationships
    type: table
    label: "Relationships"
    minRows: 2
    columns:
      - { id: who, type: text, label: "Who?" }
      - { id: kind, type: choice, label: "Kind", options: [{ id: horizontal, label: "Horizontal" }, { id: vertical, label: "Vertical" }] }
---
Note your relationships.
`,
		[`${session}/03-decision.es.md`]: `---
type: decide
title: "Decisión"
duration: 5
options:
  - { id: yes, text: "Sí." }
  - { id: no, text: "No." }
workbook: think.decision
---
Decidan juntos.
`,
		[`${session}/03-decision.en.md`]: `---
type: decide
title: "Decision"
duration: 5
options:
  - { id: yes, text: "Yes." }
  - { id: no, text: "No." }
workbook: think.decision
---
Decide together.
`,
		[`${session}/04-quiz.es.md`]: `---
type: quiz
title: "Repaso"
duration: 3
questions:
  - id: q1
    kind: single
    prompt: "¿Quién decide?"
    options:
      - { id: a, text: "El gerente" }
      - { id: b, text: "La asamblea" }
    answer: b
    explanation: "La asamblea reúne a todos."
---
Respondan juntos.
`,
		[`${session}/04-quiz.en.md`]: `---
type: quiz
title: "Review"
duration: 3
questions:
  - id: q1
    kind: single
    prompt: "Who decides?"
    options:
      - { id: a, text: "The manager" }
      - { id: b, text: "The assembly" }
    answer: b
    explanation: "The assembly brings everyone together."
---
Answer together.
`,
		[`${session}/05-closing.es.md`]: `---
type: reflect
title: "Cierre"
duration: 2
phase: closing
---
1. ¿Qué aprendimos?
2. ¿Quiénes participaron?
`,
		[`${session}/05-closing.en.md`]: `---
type: reflect
title: "Closing"
duration: 2
phase: closing
---
1. What did we learn?
2. Who took part?
`
	};
	for (const test of ['pre-test', 'post-test'])
		for (const locale of ['es', 'en'] as const)
			files[`think-coop/${test}.${locale}.md`] = testQuiz(locale, 10);
	return files;
}

/** A pre- or post-test with `n` questions, alternating single and true/false. */
export function testQuiz(locale: 'es' | 'en', n: number): string {
	const questions = Array.from({ length: n }, (_, i) =>
		i % 2
			? `  - id: q${i + 1}
    kind: truefalse
    prompt: "${locale === 'es' ? 'Pregunta' : 'Question'} ${i + 1}"
    answer: true
    explanation: "${locale === 'es' ? 'Porque sí.' : 'Because.'}"`
			: `  - id: q${i + 1}
    kind: single
    prompt: "${locale === 'es' ? 'Pregunta' : 'Question'} ${i + 1}"
    options:
      - { id: a, text: "A" }
      - { id: b, text: "B" }
    answer: a
    explanation: "${locale === 'es' ? 'Porque sí.' : 'Because.'}"`
	);
	return `---
type: quiz
title: "${locale === 'es' ? 'Prueba' : 'Test'}"
duration: 10
questions:
${questions.join('\n')}
---
`;
}

/** Writes the files into a new directory `<tmp>/minka-content-XXXX/content`; returns its path. */
export async function writeContent(files: Record<string, string | Buffer>): Promise<string> {
	const root = await mkdtemp(join(tmpdir(), 'minka-content-'));
	const dir = join(root, 'content');
	for (const [path, text] of Object.entries(files)) {
		await mkdir(dirname(join(dir, path)), { recursive: true });
		await writeFile(join(dir, path), text);
	}
	return dir;
}

export async function removeContent(dir: string): Promise<void> {
	await rm(dirname(dir), { recursive: true, force: true });
}
