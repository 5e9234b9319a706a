import { readFileSync } from 'node:fs';
import { expect, signIn, test } from './helpers';

// A group that works on paper: on a phone, the lead downloads the workbook's sheets empty to print
// at a copy shop, whole or one part, and finds them from the course page too.
test.use({ javaScriptEnabled: false, viewport: { width: 393, height: 851 }, isMobile: true });

test('dirigente downloads the blank worksheets to print, whole and one part', async ({
	page,
	browser
}) => {
	await signIn(page, 'dirigente');
	const mine = page.getByRole('region', { name: 'Mi grupo: Estrella del Sur' });
	await mine.getByRole('link', { name: /^Ver todas las sesiones del grupo/ }).click();
	await page.getByRole('link', { name: 'Ver el cuaderno de la cooperativa' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cuaderno de la cooperativa');

	const whole = page.getByRole('link', { name: 'Hojas en blanco para imprimir (PDF)' });
	const [download] = await Promise.all([page.waitForEvent('download'), whole.click()]);
	expect(download.suggestedFilename()).toBe('hojas-en-blanco.pdf');
	expect(
		readFileSync((await download.path())!)
			.subarray(0, 5)
			.toString('latin1')
	).toBe('%PDF-');

	// One part alone, from the link under its heading.
	const part = page.getByRole('link', { name: 'Hojas en blanco de «Plan de Acción» (PDF)' });
	const href = await part.getAttribute('href');
	expect(href).toBe('/workbook/blank.pdf?part=action-plan');
	const res = await page.request.get(href!);
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toBe('application/pdf');
	expect((await res.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
	expect(res.headers()['content-disposition']).toContain('hojas-en-blanco-action-plan.pdf');

	// A part that does not exist is "not found", never an error.
	expect((await page.request.get('/workbook/blank.pdf?part=no-existe')).status()).toBe(404);
	expect((await page.request.get('/workbook/blank.pdf?part=%00%27')).status()).toBe(404);

	// The course page offers them where the group prepares its sessions.
	await page.goto('/courses/start-coop');
	const course = page.getByRole('region', { name: '¿Trabajan en papel?' });
	await expect(
		course.getByRole('link', { name: 'Hojas en blanco para imprimir (PDF)' })
	).toHaveAttribute('href', '/workbook/blank.pdf');

	// Nobody signed in: off to the sign-in page, no PDF.
	const anonymous = await browser.newContext();
	const res2 = await anonymous.request.get('/workbook/blank.pdf', { maxRedirects: 0 });
	expect(res2.status()).toBe(303);
	expect(res2.headers()['location']).toBe('/sign-in');
	await anonymous.close();
});
