import { expect, signIn, signOut, test } from './helpers';

// Messages: the coordinator writes to the demo cohort, sees who receives it and how, confirms,
// finds it waiting in the outbox (no channel is configured: sent by hand with a wa.me link) and
// marks one sent; a member says she does not want WhatsApp messages.
test('a coordinator sends a message to a cohort by hand, a member opts out of WhatsApp', async ({
	page
}) => {
	const text = `Mañana revisamos el plan de acción ${Date.now()}`;
	await signIn(page, 'coordinadora');
	await page.goto('/cohorts');
	await page.getByRole('link', { name: 'Cohorte 1', exact: true }).click();
	await page.getByRole('link', { name: 'Enviar un mensaje' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enviar un mensaje');

	// An empty message is refused next to the field.
	await page.getByRole('button', { name: 'Ver quién lo recibe' }).click();
	await expect(page.getByText('Escriba el mensaje.', { exact: true })).toBeVisible();

	await page.getByLabel('¿A quién?').selectOption({ label: 'Toda la cohorte' });
	await page.getByLabel('Mensaje', { exact: true }).fill(text);
	await page.getByRole('button', { name: 'Ver quién lo recibe' }).click();
	const preview = page.getByRole('region', { name: 'Quién lo recibe' });
	await expect(preview).toContainText('personas recibirán el mensaje');
	await expect(preview.locator('[data-recipient]').first()).toContainText('WhatsApp +591');
	await preview.getByRole('button', { name: 'Enviar ahora' }).click();
	await expect(
		page.getByText(/Listo: el mensaje está en la bandeja de salida para \d+ personas/)
	).toBeVisible();

	await page.getByRole('link', { name: 'Ver los mensajes por enviar' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mensajes por enviar');
	const card = page.locator('[data-message]', { hasText: text }).first();
	await expect(card).toContainText('Espera envío a mano');
	const wa = await card.getByRole('link', { name: /Abrir en WhatsApp/ }).getAttribute('href');
	expect(wa).toMatch(/^https:\/\/wa\.me\/591\d{8}\?text=/);
	expect(decodeURIComponent(wa!.split('text=')[1]!)).toBe(text);
	const id = await card.getAttribute('data-message');
	await card.getByRole('button', { name: /Marcar como enviado/ }).click();
	await expect(page.getByText('Marcado como enviado.')).toBeVisible();
	// It left the waiting list; among the sent ones it says so.
	await expect(page.locator(`[data-message="${id}"]`)).toHaveCount(0);
	await page.goto('/admin/outbox?status=sent');
	await expect(page.locator(`[data-message="${id}"]`)).toHaveAttribute('data-status', 'sent');
	await signOut(page);

	// A member: no more WhatsApp messages.
	await signIn(page, 'socia');
	await page.getByRole('link', { name: 'Mensajes que recibo' }).click();
	const whatsapp = page.getByLabel('Recibir por WhatsApp');
	await expect(whatsapp).toBeChecked();
	await whatsapp.uncheck();
	await page.getByRole('button', { name: 'Guardar' }).click();
	await expect(page.getByText('Guardado.')).toBeVisible();
	await expect(page.getByLabel('Recibir por WhatsApp')).not.toBeChecked();
	await expect(page.getByLabel('Recibir por SMS')).toBeChecked();
});
