import { expect, signIn, signOut, test } from './helpers';

// Certificates: the coordinator sets Cohorte 1's rule so Cerro Rico Unificada's team (the demo
// team that has run sessions) meets it, issues their certificates, and the public verification
// page, signed out, says valid; after revocation, revoked.
test('the coordinator issues the demo team’s certificates, verifies one and revokes it', async ({
	page
}) => {
	await signIn(page, 'coordinadora');
	await page.goto('/cohorts');
	await page.getByRole('link', { name: 'Cohorte 1', exact: true }).click();
	await page.getByRole('link', { name: 'Certificados' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Certificados');
	// The default rule: nobody meets it yet, and each row says why not.
	await expect(page.getByText(/Cumplen la regla: 0 ·/)).toBeVisible();
	const rosa = page.getByRole('row', { name: /Rosa Ayala Cruz/ });
	await expect(rosa).toContainText('participó en 2 de 14 sesiones, necesita 12');
	await expect(rosa).toContainText('espera la aprobación');

	// A wrong percentage is refused and kept; then a rule the team meets.
	await page.getByLabel(/^Sesiones de cada curso/).fill('150');
	await page.getByRole('button', { name: 'Guardar la regla' }).click();
	await expect(page.getByText('Escriba un número entero de 0 a 100.')).toBeVisible();
	await expect(page.getByLabel(/^Sesiones de cada curso/)).toHaveValue('150');
	await page.getByLabel(/^Sesiones de cada curso/).fill('10');
	await page.getByLabel(/prueba final/).uncheck();
	await page.getByLabel(/Plan de Acción/).uncheck();
	await page.getByRole('button', { name: 'Guardar la regla' }).click();
	await expect(page.getByText('Regla guardada.')).toBeVisible();

	const issueAll = page.getByRole('button', { name: /Emitir a todas las personas que cumplen/ });
	await expect(issueAll).toHaveText(/\(5\)/);
	await issueAll.click();
	await expect(page.getByText(/Certificados emitidos: 5\./)).toBeVisible();
	await expect(page.getByText(/Cumplen la regla: 5 ·.*certificados emitidos: 5/)).toBeVisible();
	const row = page.getByRole('row', { name: /Rosa Ayala Cruz/ });
	const code = (await row.locator('.code').textContent())!.trim();
	expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
	const revokeUrl = (await row.getByRole('link', { name: /^Revocar/ }).getAttribute('href'))!;
	await signOut(page);

	// Anyone, signed out, checks the code.
	await page.goto(`/verify/${code}`);
	await expect(page.getByRole('status')).toHaveText('Este certificado es válido.');
	await expect(page.getByText('Rosa Ayala Cruz')).toBeVisible();
	await page.goto('/verify/NO-EXISTE');
	await expect(page.getByRole('status')).toContainText('Ningún certificado tiene el código');

	// A holder (Germán, Cerro Rico's president) finds theirs and downloads the PDF and the badge.
	await signIn(page, 'presidente');
	await page.goto('/certificates');
	await expect(page.getByRole('heading', { name: 'Cohorte 1' })).toBeVisible();
	const pdfHref = (await page
		.getByRole('link', { name: 'Certificado (PDF), Cohorte 1' })
		.getAttribute('href'))!;
	const pdf = await page.request.get(pdfHref);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	const badge = await page.request.get(pdfHref.replace('certificate.pdf', 'credential.json'));
	expect(((await badge.json()) as { type: string[] }).type).toContain('OpenBadgeCredential');
	// Someone else's certificate is not there for them.
	expect(
		(
			await page.request.get(
				revokeUrl
					.replace(/^.*\/certificates\//, '/certificates/')
					.replace('/revoke', '/certificate.pdf')
			)
		).status()
	).toBe(404);
	await signOut(page);

	await signIn(page, 'coordinadora');
	await page.goto(revokeUrl);
	await page.getByRole('button', { name: 'Revocar el certificado' }).click();
	await expect(page.getByText('Diga por qué se revoca el certificado.')).toBeVisible();
	await page.getByLabel('Por qué se revoca').fill('El nombre estaba mal escrito.');
	await page.getByRole('button', { name: 'Revocar el certificado' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Certificados');
	await expect(page.getByRole('row', { name: /Rosa Ayala Cruz/ })).toContainText('Revocado el');
	await signOut(page);
	await page.goto(`/verify/${code}`);
	await expect(page.getByRole('status')).toContainText('Este certificado fue revocado el');

	// The issuer's profile and keys are published for any verifier.
	const issuer = await page.request.get('/credentials/issuer');
	expect(issuer.status()).toBe(200);
	const profile = (await issuer.json()) as { type: string[]; assertionMethod: string[] };
	expect(profile.type).toEqual(['Profile']);
	const key = await page.request.get(new URL(profile.assertionMethod[0]!).pathname);
	expect(((await key.json()) as { type: string }).type).toBe('Multikey');
});
