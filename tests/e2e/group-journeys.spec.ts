import type { Browser, Page } from '@playwright/test';
import { BUDGET_BYTES, measure } from '../../bench/page-weight';
import { expect, signIn, test } from './helpers';

// The group's journeys the first-session spec does not walk, on phones without JavaScript (every
// action a form post): the Think.COOP closing session answers its quiz and decides by vote, and
// the decision lands in the cooperative's workbook; in Start.COOP a worksheet fills a table, and a
// second phone's stale save meets the other version and chooses. Following live is live-follow.
test.use({ javaScriptEnabled: false });

const PHONE = { javaScriptEnabled: false, viewport: { width: 393, height: 851 }, isMobile: true };
const PRESENT = [
	'Teodoro Choque Mamani',
	'Justina Condori Flores',
	'Martha Apaza Huanca',
	'Felipa Chambi Ticona'
];

async function phone(browser: Browser, username: string): Promise<Page> {
	const page = await (await browser.newContext(PHONE)).newPage();
	await signIn(page, username);
	return page;
}

/** From the home to the team's page, choose a session, start it, tick who is here, begin. */
async function startSession(page: Page, session: string): Promise<string> {
	await page.goto('/');
	await page.getByRole('link', { name: /^Ver todas las sesiones del grupo/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Estrella del Sur');
	const choose = page.getByRole('region', { name: 'Elegir una sesión' });
	await choose.getByLabel('Sesión').selectOption(session);
	await choose.getByRole('button', { name: 'Empezar la sesión' }).click();
	await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
	for (const name of PRESENT) await page.getByRole('checkbox', { name }).check();
	await page.getByRole('button', { name: 'Guardar asistencia' }).click();
	await page.getByRole('button', { name: 'Empezar los pasos' }).click();
	await expect(page.getByText(/^Paso 1 de \d+$/)).toBeVisible();
	return new URL(page.url()).pathname;
}

/** Moves the group on until the given step shows. */
async function goToStep(page: Page, n: number) {
	for (;;) {
		const [at] = /\d+/.exec((await page.getByText(/^Paso \d+ de \d+$/).textContent())!)!;
		if (Number(at) === n) return;
		await page.getByRole('button', { name: 'Siguiente paso →' }).click();
		await expect(page.getByText(`Paso ${Number(at) + 1} de`)).toBeVisible();
	}
}

test(
	'the group answers a quiz, decides by vote into the workbook, and two phones fill a table',
	{ tag: '@embedded' },
	async ({ page, browser, baseURL }) => {
		test.setTimeout(90_000);
		await signIn(page, 'dirigente');

		// --- Think.COOP's closing session, chosen on the team's page.
		const closing = await startSession(page, 'think-coop/orientation/doing-business-together');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hacer negocios juntos');

		// The quiz: one answer for the group, then whether it was right and why.
		await goToStep(page, 6);
		await expect(page.locator('#step-title')).toHaveText('¿Qué sabemos de las cooperativas?');
		// Every question needs the group's answer: the first choice of each, so the first is wrong.
		const questions = page.locator('fieldset.question');
		for (let i = 0; i < (await questions.count()); i++)
			await questions.nth(i).locator('input').first().check();
		const q1 = page.getByRole('group', { name: /^1\. ¿Cuál es la máxima autoridad/ });
		await expect(q1.getByRole('radio', { name: 'El Consejo de Administración' })).toBeChecked();
		await page.getByRole('button', { name: 'Guardar la respuesta del grupo' }).click();
		await expect(page.getByText(/^El grupo acertó \d+ de \d+\.$/)).toBeVisible();
		await expect(q1.getByText('No es correcto')).toBeVisible();
		await expect(
			q1.getByText('La respuesta correcta es: La Asamblea General de socios')
		).toBeVisible();
		await expect(
			q1.getByText(/^Por qué: La Asamblea General reúne a todos los socios/)
		).toBeVisible();
		await expect(
			page.getByRole('button', { name: 'Cambiar la respuesta del grupo' })
		).toBeVisible();

		// The decision, by vote among the four present: more votes than people are refused, the
		// input kept; then three for, one abstains.
		await goToStep(page, 8);
		await page.getByRole('radio', { name: 'Votando (una persona, un voto)' }).check();
		await page.getByRole('radio', { name: /^Sí\. Vamos a hacer cambios/ }).check();
		await page.getByLabel('A favor').fill('5');
		await page.getByLabel('En contra').fill('0');
		await page.getByLabel('Se abstienen').fill('1');
		const reasons = 'Queremos cuentas claras y más socias en el consejo.';
		await page.getByLabel('¿Por qué lo decidieron?').fill(reasons);
		await page.getByRole('button', { name: 'Guardar la decisión' }).click();
		await expect(
			page.getByText('Hay más votos que personas presentes (4). Cuenten otra vez.')
		).toBeVisible();
		await expect(page.getByLabel('¿Por qué lo decidieron?')).toHaveValue(reasons);
		await page.getByLabel('A favor').fill('3');
		await page.getByRole('button', { name: 'Guardar la decisión' }).click();
		await expect(page.getByRole('button', { name: 'Cambiar la decisión' })).toBeVisible();
		await expect(page.getByText(/^Guardado por .+, .+\.$/)).toBeVisible();

		// Closing: the reflection, the check-in, done.
		await goToStep(page, 9);
		await page.getByRole('button', { name: 'Terminar los pasos' }).click();
		for (const name of PRESENT)
			await page.getByRole('group', { name }).getByRole('radio', { name: 'Mucho' }).check();
		await page.getByRole('button', { name: 'Terminar la sesión' }).click();
		await expect(page.getByRole('heading', { name: 'Sesión terminada' })).toBeVisible();

		// The decision is in the cooperative's workbook: the team's page reads it from there.
		await page.goto('/');
		await page.getByRole('link', { name: /^Ver todas las sesiones del grupo/ }).click();
		const decision = page.getByRole('region', { name: 'Decisión del grupo' });
		await expect(decision).toContainText('Sí, vamos a actuar');
		await expect(decision).toContainText(reasons);

		// The facilitator reads the run's summary with the vote.
		const facilitator = await phone(browser, 'facilitador');
		await facilitator.goto(`${closing}/summary`);
		await expect(facilitator.getByText(/Por votación: 3 sí, 0 no, 1 se abstuv/)).toBeVisible();
		await expect(facilitator.getByText(reasons)).toBeVisible();
		await facilitator.context().close();

		// --- Start.COOP module 1: the competencies worksheet fills a table.
		const core = await startSession(page, 'start-coop/core-group-and-idea/core-members');
		await goToStep(page, 6);
		await expect(page.locator('#step-title')).toHaveText('Hoja de capacidades del grupo central');

		// socia's phone loads the same step before anything is saved.
		const socia = await phone(browser, 'socia');
		await socia.goto(core);
		await expect(socia.locator('#step-title')).toHaveText('Hoja de capacidades del grupo central');

		// A second row, added without JavaScript: the form comes back with what was typed.
		const matrix = page.getByRole('group', { name: /^¿Quién tiene cada capacidad\?/ });
		const row1 = matrix.getByRole('group', { name: 'Fila 1' });
		await row1.getByLabel('Miembro').selectOption({ label: 'Justina Condori Flores' });
		await row1.getByLabel('Capacidad').selectOption({ label: 'Contabilidad y finanzas' });
		await row1.getByRole('radio', { name: 'La tiene' }).check();
		await matrix.getByRole('button', { name: 'Agregar una fila' }).click();
		const row2 = matrix.getByRole('group', { name: 'Fila 2' });
		await expect(row2).toBeVisible();
		await expect(row1.getByLabel('Miembro')).toHaveValue(/[0-9a-f-]{36}/);
		await row2.getByLabel('Miembro').selectOption({ label: 'Teodoro Choque Mamani' });
		await row2.getByLabel('Capacidad').selectOption({ label: 'Liderazgo' });
		await row2.getByRole('radio', { name: 'En parte' }).check();
		await page.getByRole('button', { name: 'Guardar', exact: true }).click();
		await expect(page.getByText(/^Guardado por .+, .+\.$/)).toBeVisible();
		await expect(matrix.getByRole('group', { name: 'Fila 2' })).toBeVisible();
		// The heaviest step (a worksheet of tables), its script included, within the budget.
		const [weight] = await measure({
			base: baseURL!,
			pages: [core],
			user: 'dirigente',
			password: 'minka-demo'
		});
		test
			.info()
			.annotations.push({ type: 'worksheet step bytes', description: String(weight!.bytes) });
		expect(weight!.jsBytes).toBeGreaterThan(0);
		expect(weight!.bytes, `the worksheet step weighs ${weight!.bytes} bytes`).toBeLessThanOrEqual(
			BUDGET_BYTES
		);

		// socia's stale form: her save meets the other version, shown beside what she typed.
		await socia
			.getByLabel('Otras capacidades que necesitamos')
			.fill('Saber de seguridad en la mina');
		await socia.getByRole('button', { name: 'Guardar', exact: true }).click();
		const conflict = socia.getByRole('region', { name: 'Hay otra versión guardada' });
		await expect(conflict).toBeVisible();
		await expect(conflict.getByText('Liderazgo')).toBeVisible();
		await expect(socia.getByLabel('Otras capacidades que necesitamos')).toHaveValue(
			'Saber de seguridad en la mina'
		);
		// She keeps the group's table: the page shows the saved version again.
		await conflict.getByRole('link', { name: 'Quedarnos con lo otro' }).click();
		await expect(socia.getByRole('region', { name: 'Hay otra versión guardada' })).toHaveCount(0);
		await expect(
			socia.getByRole('group', { name: /^¿Quién tiene cada capacidad\?/ }).getByRole('group', {
				name: 'Fila 2'
			})
		).toBeVisible();
		await expect(socia.getByLabel('Otras capacidades que necesitamos')).toHaveValue('');
		await socia.context().close();
	}
);
