// Named to run last: it leaves a group session of Estrella del Sur under way, and the journeys
// before it expect that team to have none open (the suite shares one demo database).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devices, type Page } from '@playwright/test';
import {
	expect,
	keepOnPhone,
	openPhone,
	savedSection,
	sendBackIfUnderReview,
	signIn,
	test
} from './helpers';

// Use without internet: a member saves Think.COOP on the phone; with no signal the group's session
// opens from the phone, the lead writes a note, moves on and fills a worksheet, all kept on the
// phone; the phone is closed and opened again still without signal; when the signal comes back
// everything is sent once, in order. A phone that changes hands shows nothing of the member before.
// A persistent browser profile (`openPhone`), as a real phone's.

const SESSION = 'think-coop/orientation/collective-action';
const PRESENT = ['Teodoro Choque Mamani', 'Justina Condori Flores'];
const waiting = (page: Page) => page.locator('[data-offline-waiting]');
const stepShown = (page: Page) => page.getByText(/^Paso \d+ de \d+$/);

test('a course saved on the phone runs a session with no signal and sends it all once, in order', async ({
	baseURL
}) => {
	test.setTimeout(120_000);
	const dir = mkdtempSync(join(tmpdir(), 'minka-phone-'));
	try {
		let phone = await openPhone(dir, baseURL!);
		let page = phone.pages()[0] ?? (await phone.newPage());
		await signIn(page, 'dirigente');

		// The lead starts the session with signal: who is here, the roles, the first step.
		await page.getByRole('link', { name: /^Ver todas las sesiones del grupo/ }).click();
		const choose = page.getByRole('region', { name: 'Elegir una sesión' });
		await choose.getByLabel('Sesión').selectOption(SESSION);
		await choose.getByRole('button', { name: 'Empezar la sesión' }).click();
		await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
		const runPath = new URL(page.url()).pathname;
		for (const name of PRESENT) await page.getByRole('checkbox', { name }).check();
		await page.getByRole('button', { name: 'Guardar asistencia' }).click();
		await page.getByRole('button', { name: 'Empezar los pasos' }).click();
		await expect(stepShown(page)).toHaveText('Paso 1 de 7');

		// Save the course: how many pages, then progress, then what it takes on the phone.
		await page.goto('/courses/think-coop');
		const save = page.getByRole('button', { name: 'Guardar para usar sin internet' });
		await expect(page.getByText('necesita JavaScript activado')).toBeHidden();
		await save.click();
		const state = page.locator('[data-offline-state]');
		await expect(state).toHaveAttribute('data-saved', 'current');
		await expect(state).toContainText(/Guardado en este teléfono: \d+ KB\./);
		await expect(save).toBeHidden();
		await expect(page.getByRole('button', { name: 'Quitar de este teléfono' })).toBeVisible();
		// Each session (and the pre- and post-test) is marked as there without internet.
		await expect(page.locator('.sessions [data-offline-mark]')).toHaveCount(5);
		// Think.COOP with its open session: well under a megabyte on the phone.
		const saved = await page.evaluate(async () => {
			const name = (await caches.keys()).find((n) => n.startsWith('minka-user-'))!;
			const meta = await (await caches.open(name)).match('/__offline/course/think-coop');
			return (await meta!.json()) as { bytes: number; pages: string[] };
		});
		expect(saved.pages).toContain(`${runPath}?at=5`);
		expect(saved.bytes).toBeLessThan(1024 * 1024);

		// No signal. The session opens from the phone.
		await phone.setOffline(true);
		await page.goto(runPath);
		await expect(stepShown(page)).toHaveText('Paso 1 de 7');

		// Two moves on, each to the step's saved page: the page counts what waits.
		for (let n = 2; n <= 3; n++) {
			await page.getByRole('button', { name: 'Siguiente paso →' }).click();
			await expect(stepShown(page)).toHaveText(`Paso ${n} de 7`);
			await expect(waiting(page)).toHaveText(`Por enviar: ${n - 1}`);
		}
		await expect(
			page.getByText('Guardado en este teléfono — se enviará cuando haya señal.')
		).toBeVisible();
		// A note on step 3, the group's conversation.
		await page.getByLabel('Escriba lo que responde el grupo.').fill('Notas sin señal.');
		await page.getByRole('button', { name: 'Guardar notas' }).click();
		await expect(waiting(page)).toHaveText('Por enviar: 3');
		for (let n = 4; n <= 5; n++) {
			await page.getByRole('button', { name: 'Siguiente paso →' }).click();
			await expect(stepShown(page)).toHaveText(`Paso ${n} de 7`);
			await expect(waiting(page)).toHaveText(`Por enviar: ${n}`);
		}
		// Step 5's worksheet.
		await page
			.getByLabel('Nuestra conclusión: ¿los beneficios pesan más que los costos?')
			.fill('Sí, juntos ganamos más.');
		await page.getByRole('button', { name: 'Guardar', exact: true }).click();
		await expect(waiting(page)).toHaveText('Por enviar: 6');

		// The phone is closed and opened again, still with no signal: the work is still there.
		await phone.close();
		phone = await openPhone(dir, baseURL!);
		await phone.setOffline(true);
		page = phone.pages()[0] ?? (await phone.newPage());
		await page.goto(`${runPath}?at=5`);
		await expect(stepShown(page)).toHaveText('Paso 5 de 7');
		await expect(waiting(page)).toHaveText('Por enviar: 6');

		// Signal again: everything is sent, in order, and the page shows where the group is.
		await phone.setOffline(false);
		await expect(page).toHaveURL(runPath);
		await expect(stepShown(page)).toHaveText('Paso 5 de 7');
		await expect(page.locator('[data-offline-box]')).toBeHidden();
		await expect(
			page.getByLabel('Nuestra conclusión: ¿los beneficios pesan más que los costos?')
		).toHaveValue('Sí, juntos ganamos más.');
		// The note of step 3 arrived, once: it is the note's first revision.
		const step3 = await (await page.request.get(`${runPath}?at=3`)).text();
		expect(step3).toContain('Notas sin señal.');
		expect(step3).toMatch(/name="revision" value="1"/);

		// A replay is taken only with the session of the member who queued it: another key is a
		// 401 (never the sign-in redirect a replay could take for success), and nothing is written.
		const key = (await page.locator('[data-offline-box]').getAttribute('data-user'))!;
		const replay = (who: string) =>
			page.request.post(`${runPath}?/note`, {
				headers: { 'x-minka-queue': who, accept: 'text/html', origin: baseURL! },
				form: { step: '3', revision: '1', text: 'Otra mano.' },
				maxRedirects: 0
			});
		expect((await replay('0000000000000000')).status()).toBe(401);
		expect(await (await page.request.get(`${runPath}?at=3`)).text()).not.toContain('Otra mano.');

		// The phone changes hands: signing out leaves no saved page and no queue to see.
		await page.evaluate(() =>
			document.querySelector<HTMLFormElement>('form[action="/sign-out"]')!.requestSubmit()
		);
		await expect(page).toHaveURL('/sign-in');
		await expect
			.poll(() =>
				page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('minka-user-')))
			)
			.toEqual([]);
		// Say something of his was still waiting to be sent (kept while there was no signal).
		await keepOnPhone(page, {
			user: key,
			url: '/runs/00000000-0000-4000-8000-000000000000?/note',
			body: 'step=3&revision=1&text=Secreto+del+grupo',
			action: 'note'
		});
		// The next member sees only that something of someone else waits, never what.
		const posts: string[] = [];
		page.on('request', (r) => {
			if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
		});
		await signIn(page, 'socia');
		const box = page.locator('[data-offline-box]');
		await expect(box).toHaveText(
			'Cosas guardadas de otra persona en este teléfono: 1. Se enviarán cuando esa persona entre.'
		);
		await expect(page.getByText('Secreto del grupo')).toHaveCount(0);
		await page.goto('/courses/think-coop');
		await expect(page.locator('[data-offline-state]')).toHaveAttribute('data-saved', 'no');
		await expect(page.locator('[data-offline-mark]')).toHaveCount(0);
		expect(posts).toEqual(['/sign-in']);
		await phone.close();
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('a move kept offline that another phone overtook is a conflict the lead settles; a refused post stays with its reason', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const PHONE = { ...devices['Pixel 5'], locale: 'es-BO' };
	const first = await (await browser.newContext(PHONE)).newPage();
	await signIn(first, 'dirigente');
	await first.getByRole('link', { name: /^Ver todas las sesiones del grupo/ }).click();
	const choose = first.getByRole('region', { name: 'Elegir una sesión' });
	await choose.getByLabel('Sesión').selectOption('think-coop/orientation/business-structures');
	await choose.getByRole('button', { name: 'Empezar la sesión' }).click();
	const runPath = new URL(first.url()).pathname;
	for (const name of PRESENT) await first.getByRole('checkbox', { name }).check();
	await first.getByRole('button', { name: 'Guardar asistencia' }).click();
	// Justina (socia) keeps the time: her phone may move the group too.
	await first.getByLabel('Cuida el tiempo').selectOption({ label: 'Justina Condori Flores' });
	await first.getByRole('button', { name: 'Empezar los pasos' }).click();
	await expect(stepShown(first)).toHaveText(/^Paso 1 de/);
	await first.goto('/courses/think-coop');
	await first.getByRole('button', { name: 'Guardar para usar sin internet' }).click();
	await expect(first.locator('[data-offline-state]')).toHaveAttribute('data-saved', 'current');

	// No signal on the first phone: the group moves on there, kept on the phone.
	await first.context().setOffline(true);
	await first.goto(runPath);
	await first.getByRole('button', { name: 'Siguiente paso →' }).click();
	await expect(stepShown(first)).toHaveText(/^Paso 2 de/);
	await expect(waiting(first)).toHaveText('Por enviar: 1');

	// Meanwhile the time-keeper, with signal on her phone, moves the group twice.
	const second = await (await browser.newContext(PHONE)).newPage();
	await signIn(second, 'socia');
	await second.goto(runPath);
	for (let n = 2; n <= 3; n++) {
		await second.getByRole('button', { name: 'Siguiente paso →' }).click();
		await expect(stepShown(second)).toHaveText(new RegExp(`^Paso ${n} de`));
	}

	// Signal again: the kept move is refused as stale, shown with a way to see the run now; it is
	// neither sent again nor dropped until the lead removes it.
	await first.context().setOffline(false);
	const conflict = first.locator('[data-offline-item="conflict"]');
	await expect(conflict).toContainText('Otra persona cambió esto mientras no había señal.');
	await expect(first).toHaveURL(runPath);
	await expect(stepShown(first)).toHaveText(/^Paso 3 de/);
	await expect(conflict.getByRole('link', { name: 'Ver cómo está ahora' })).toHaveAttribute(
		'href',
		runPath
	);
	await first.reload();
	await expect(conflict).toBeVisible();
	await conflict.getByRole('button', { name: 'Quitar de la lista' }).click();
	await expect(first.locator('[data-offline-box]')).toBeHidden();
	await expect(stepShown(second)).toHaveText(/^Paso 3 de/);

	// A kept post the server refuses (a note on a reading step) stays, with the page's reason.
	const key = (await first.locator('[data-offline-box]').getAttribute('data-user'))!;
	await keepOnPhone(first, {
		user: key,
		url: `${runPath}?/note`,
		body: 'step=1&revision=0&text=Nota+en+una+lectura',
		action: 'note'
	});
	await first.reload();
	const refused = first.locator('[data-offline-item="refused"]');
	await expect(refused).toContainText('No se pudo guardar:');
	await first.reload();
	await expect(refused).toBeVisible();
	await refused.getByRole('button', { name: 'Quitar de la lista' }).click();
	await expect(first.locator('[data-offline-box]')).toBeHidden();
	await first.context().close();
	await second.context().close();
});

test('a group with no signal starts its next session, takes attendance, chooses roles, works every step and closes; it all arrives once', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const phone = await browser.newContext({ ...devices['Pixel 5'], locale: 'es-BO' });
	const page = await phone.newPage();
	await signIn(page, 'dirigente');
	await page.goto('/courses/think-coop');
	await page.getByRole('button', { name: 'Guardar para usar sin internet' }).click();
	await expect(page.locator('[data-offline-state]')).toHaveAttribute('data-saved', 'current');
	// The team's next session not begun is kept ready to start.
	const ready = page.locator('[data-offline-drafts] p');
	await expect(ready).toContainText(
		/^Lista para empezar sin señal: Módulo 1 · Sesión \d: .+ \(Estrella del Sur\)\.$/
	);

	// No signal in the mine: the phone opens Minka from its home screen, where the offline page
	// leads to the saved course, and the group starts its session from there.
	await phone.setOffline(true);
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'No hay señal' })).toBeVisible();
	const saved = page.getByRole('region', { name: 'Cursos guardados en este teléfono' });
	await saved.getByRole('link', { name: 'Think.COOP: ¿Qué es una cooperativa?' }).click();
	await expect(page).toHaveURL('/courses/think-coop');
	await page
		.locator('[data-offline-drafts]')
		.getByRole('button', { name: 'Empezar esta sesión' })
		.click();
	await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}\?draft=/);
	const runPath = new URL(page.url()).pathname;
	await expect(page.getByText('Página guardada para usar sin internet.')).toBeVisible();
	await expect(waiting(page)).toHaveText('Por enviar: 1');
	for (const name of PRESENT) await page.getByRole('checkbox', { name }).check();
	await page.getByRole('button', { name: 'Guardar asistencia' }).click();

	// The roles offer only those ticked present.
	await expect(page).toHaveURL(/&at=roles$/);
	const timekeeper = page.getByLabel('Cuida el tiempo');
	expect((await timekeeper.locator('option').allTextContents()).sort()).toEqual(
		[...PRESENT].sort()
	);
	await timekeeper.selectOption({ label: 'Justina Condori Flores' });
	await page.getByRole('button', { name: 'Empezar los pasos' }).click();

	// Every step, a note where the group talks, then the closing check-in.
	const total = Number((await stepShown(page).textContent())!.match(/de (\d+)$/)![1]);
	const notes: string[] = [];
	for (let n = 1; n <= total; n++) {
		await expect(stepShown(page)).toHaveText(`Paso ${n} de ${total}`);
		const note = page.locator('textarea[name="text"]');
		if ((await note.count()) && notes.length < 2) {
			notes.push(`Nota sin señal del paso ${n}.`);
			await note.fill(notes.at(-1)!);
			await page.getByRole('button', { name: 'Guardar notas' }).click();
			await expect(note).toHaveValue(notes.at(-1)!);
		}
		await page.locator('form.moves button[value="next"]').click();
	}
	expect(notes.length).toBeGreaterThan(0);
	await expect(page).toHaveURL(/&at=checkin$/);
	const scales = page.locator('form[action="?/checkin"] fieldset');
	await expect(scales).toHaveCount(2);
	await scales.nth(0).getByText('Mucho').click();
	await scales.nth(1).getByText('Más o menos').click();
	await page.getByRole('button', { name: 'Terminar la sesión' }).click();
	// Start, attendance, roles, the notes, each move and the check-in: all on the phone.
	await expect(waiting(page)).toHaveText(`Por enviar: ${4 + notes.length + total}`);

	// Signal again: it all goes, in order, and the phone shows the session as the server has it.
	await phone.setOffline(false);
	await expect(page).toHaveURL(runPath);
	await expect(page.getByRole('heading', { name: 'Sesión terminada' })).toBeVisible();
	await expect(page.locator('[data-offline-box]')).toBeHidden();
	await expect(page.getByText('Estuvieron 2 personas del grupo y 0 invitados.')).toBeVisible();
	await expect(page.getByText('Cuida el tiempo: Justina Condori Flores')).toBeVisible();
	await expect(page.getByText(`${PRESENT[0]}: Mucho`)).toBeVisible();
	await expect(page.getByText(`${PRESENT[1]}: Más o menos`)).toBeVisible();
	// Each note once.
	for (const text of notes) await expect(page.getByText(text, { exact: true })).toHaveCount(1);
	await phone.close();

	// The facilitator sees the same session, done, with the group's notes once.
	const staff = await (
		await browser.newContext({ ...devices['Pixel 5'], locale: 'es-BO' })
	).newPage();
	await signIn(staff, 'facilitador');
	await staff.goto(`${runPath}/summary`);
	for (const text of notes) await expect(staff.getByText(text, { exact: true })).toHaveCount(1);
	await staff.context().close();
});

test('with no signal the group answers the closing quiz and records its vote; both arrive once', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const phone = await browser.newContext({ ...devices['Pixel 5'], locale: 'es-BO' });
	const page = await phone.newPage();
	await signIn(page, 'dirigente');
	await page.getByRole('link', { name: /^Ver todas las sesiones del grupo/ }).click();
	const choose = page.getByRole('region', { name: 'Elegir una sesión' });
	await choose.getByLabel('Sesión').selectOption('think-coop/orientation/doing-business-together');
	await choose.getByRole('button', { name: 'Empezar la sesión' }).click();
	const runPath = new URL(page.url()).pathname;
	// The vote goes into the workbook's decision, which must be open for writing.
	await sendBackIfUnderReview(
		browser,
		page,
		await savedSection(page, 'think-coop', 'think.decision')
	);
	// Started with signal; the phone saves it while it is still being set up.
	await page.goto('/courses/think-coop');
	await page.getByRole('button', { name: 'Guardar para usar sin internet' }).click();
	await expect(page.locator('[data-offline-state]')).toHaveAttribute('data-saved', 'current');

	// No signal: attendance and roles, then straight to the quiz.
	await phone.setOffline(true);
	await page.goto(runPath);
	for (const name of PRESENT) await page.getByRole('checkbox', { name }).check();
	await page.getByRole('button', { name: 'Guardar asistencia' }).click();
	await expect(page).toHaveURL(/\?at=roles$/);
	await page.getByRole('button', { name: 'Empezar los pasos' }).click();
	await expect(stepShown(page)).toHaveText('Paso 1 de 9');
	await page.locator('details.step-list summary').click();
	await page.getByRole('button', { name: 'Ir al paso 6' }).click();
	await expect(page.locator('#step-title')).toHaveText('¿Qué sabemos de las cooperativas?');
	const questions = page.locator('fieldset.question');
	for (let i = 0; i < (await questions.count()); i++)
		await questions.nth(i).locator('input').first().check();
	await page.getByRole('button', { name: 'Guardar la respuesta del grupo' }).click();
	await expect(waiting(page)).toHaveText('Por enviar: 4');
	await page.locator('details.step-list summary').click();
	await page.getByRole('button', { name: 'Ir al paso 8' }).click();
	await expect(page.locator('#step-title')).toHaveText('Nuestra decisión');
	// The page was kept before attendance: the phone says how many are present.
	await expect(page.getByText('Solo si votaron. Hay 2 personas presentes.')).toBeVisible();
	await page.getByRole('radio', { name: 'Votando (una persona, un voto)' }).check();
	await page.getByRole('radio', { name: /^Sí\. Vamos a hacer cambios/ }).check();
	await page.getByLabel('A favor').fill('2');
	await page.getByLabel('En contra').fill('0');
	await page.getByLabel('Se abstienen').fill('0');
	const reasons = 'Decidido en la mina, sin señal.';
	await page.getByLabel('¿Por qué lo decidieron?').fill(reasons);
	await page.getByRole('button', { name: 'Guardar la decisión' }).click();
	await expect(waiting(page)).toHaveText('Por enviar: 6');

	await phone.setOffline(false);
	await expect(page).toHaveURL(runPath);
	await expect(page.locator('[data-offline-box]')).toBeHidden();
	await expect(page.locator('#step-title')).toHaveText('Nuestra decisión');
	await expect(page.getByRole('button', { name: 'Cambiar la decisión' })).toBeVisible();
	// The quiz's answer arrived: step 6 now says how the group did.
	expect(await (await page.request.get(`${runPath}?at=6`)).text()).toMatch(
		/El grupo acertó \d+ de \d+\./
	);
	await phone.close();

	const staff = await (
		await browser.newContext({ ...devices['Pixel 5'], locale: 'es-BO' })
	).newPage();
	await signIn(staff, 'facilitador');
	await staff.goto(`${runPath}/summary`);
	await expect(staff.getByText(/Por votación: 2 sí, 0 no, 0 se abstuv/)).toHaveCount(1);
	await expect(staff.getByText(reasons)).toHaveCount(1);
	await staff.context().close();
});
