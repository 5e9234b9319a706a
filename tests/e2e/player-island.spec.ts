import type { Page } from '@playwright/test';
import { expect, test } from './helpers';

// The player's island (static/js/player.js) on a page with exactly the markup hooks the player
// renders, served by the test itself, so the script is checked on its own; the journey through
// the real player is in live-follow.spec.ts.

const HARNESS = '/island-harness';
const EVENTS = '/runs/00000000-0000-4000-8000-000000000000/events';

function harness(opts: { version: number; startedAt: string; seconds: number }) {
	return `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Paso</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main data-run-id="r" data-run-version="${opts.version}" data-events-url="${EVENTS}">
<h1>Paso 2</h1>
<p data-countdown data-started-at="${opts.startedAt}" data-seconds="${opts.seconds}">10 minutos, desde las 10:00</p>
<div id="step-text"><p>Lean juntos. Conversen sobre la cooperativa.</p></div>
<p><button type="button" data-read-aloud data-lang="es" data-target="#step-text" hidden>Leer en voz alta</button>
<span data-read-aloud-none hidden>Este teléfono no tiene voz en castellano sin internet.</span></p>
<div data-live-banner hidden>El grupo pasó a otro paso. <a href="">Ver el paso del grupo</a></div>
<form method="post"><label for="notes">Notas</label><textarea id="notes" name="notes"></textarea></form>
</main><script src="/js/player.js" defer></script></body></html>`;
}

/** Serves the harness page and a fake events stream whose version the test sets. */
async function serve(page: Page, opts: { version: number; startedAt?: string; seconds?: number }) {
	const state = { serverVersion: opts.version, loads: 0, streams: 0 };
	await page.route(`**${HARNESS}`, (route) => {
		state.loads++;
		return route.fulfill({
			contentType: 'text/html; charset=utf-8',
			// As the player does: the page carries the run's version at the time it is served.
			body: harness({
				version: state.serverVersion,
				startedAt: opts.startedAt ?? new Date().toISOString(),
				seconds: opts.seconds ?? 600
			})
		});
	});
	await page.route(`**${EVENTS}`, (route) => {
		state.streams++;
		return route.fulfill({
			contentType: 'text/event-stream',
			body: `retry: 200\n\ndata: {"version":${state.serverVersion}}\n\n`
		});
	});
	return state;
}

/** A speech engine with the given voices, recording what it is asked to say. */
async function fakeSpeech(page: Page, voices: Array<{ lang: string; localService: boolean }>) {
	await page.addInitScript((list) => {
		const w = window as unknown as Record<string, unknown>;
		const spoken: Array<{ text: string; lang: string; voice: string | null }> = [];
		w.__spoken = spoken;
		w.__cancelled = 0;
		const vs = list.map((v) => ({ ...v, name: v.lang, default: false, voiceURI: v.lang }));
		class Utterance {
			lang = '';
			voice: { lang: string } | null = null;
			onend: (() => void) | null = null;
			onerror: (() => void) | null = null;
			constructor(public text: string) {}
		}
		w.SpeechSynthesisUtterance = Utterance;
		Object.defineProperty(window, 'speechSynthesis', {
			value: {
				getVoices: () => vs,
				addEventListener: () => {},
				speak: (u: Utterance) =>
					spoken.push({ text: u.text, lang: u.lang, voice: u.voice ? u.voice.lang : null }),
				cancel: () => (w.__cancelled = (w.__cancelled as number) + 1)
			}
		});
	}, voices);
}

test('the countdown runs from the wall clock, signals zero once and counts overtime', async ({
	page
}) => {
	await page.clock.install();
	await page.addInitScript(() => {
		const w = window as unknown as { __vibrations: number[] };
		w.__vibrations = [];
		Object.defineProperty(navigator, 'vibrate', {
			value: (ms: number) => w.__vibrations.push(ms)
		});
	});
	const startedAt = new Date(Date.now() - 57_000).toISOString();
	await serve(page, { version: 1, startedAt, seconds: 60 });
	await page.goto(HARNESS);
	const timer = page.locator('[data-countdown]');
	await expect(timer).toHaveText(/^00:0[23]$/);
	await expect(timer).toHaveAttribute('data-state', 'running');
	await page.clock.runFor(5_000);
	await expect(timer).toHaveText(/^\+00:0[12]$/);
	await expect(timer).toHaveAttribute('data-state', 'over');
	await expect(timer).toHaveClass(/is-over/);
	// A phone that slept five minutes shows the right time at once, without a second signal.
	await page.clock.fastForward('05:00');
	await expect(timer).toHaveText(/^\+05:0[1-3]$/);
	expect(
		await page.evaluate(() => (window as unknown as { __vibrations: number[] }).__vibrations)
	).toEqual([200]);
});

test('read aloud: shown with an offline Spanish voice, language set on every piece, second tap stops', async ({
	page
}) => {
	await fakeSpeech(page, [
		{ lang: 'en-US', localService: true },
		{ lang: 'es-US', localService: false },
		{ lang: 'es-ES', localService: true }
	]);
	await serve(page, { version: 1 });
	await page.goto(HARNESS);
	const button = page.getByRole('button', { name: 'Leer en voz alta' });
	await expect(button).toBeVisible();
	await expect(page.locator('[data-read-aloud-none]')).toBeHidden();
	await button.click();
	await expect(button).toHaveAttribute('aria-pressed', 'true');
	const spoken = await page.evaluate(() => (window as unknown as { __spoken: unknown[] }).__spoken);
	expect(spoken).toEqual([
		{ text: 'Lean juntos. Conversen sobre la cooperativa.', lang: 'es-ES', voice: 'es-ES' }
	]);
	await button.click();
	await expect(button).toHaveAttribute('aria-pressed', 'false');
});

test('read aloud: without an offline Spanish voice the page says so plainly', async ({ page }) => {
	await fakeSpeech(page, [
		{ lang: 'en-US', localService: true },
		{ lang: 'es-US', localService: false }
	]);
	await serve(page, { version: 1 });
	await page.goto(HARNESS);
	await expect(page.locator('[data-read-aloud-none]')).toBeVisible({ timeout: 5000 });
	await expect(page.locator('[data-read-aloud]')).toBeHidden();
});

test('follows the group: reloads on a new version, but not over unsent typing', async ({
	page
}) => {
	const state = await serve(page, { version: 1 });
	await page.goto(HARNESS);
	await expect.poll(() => state.streams).toBeGreaterThan(0);
	expect(state.loads).toBe(1);
	state.serverVersion = 2;
	await expect.poll(() => state.loads).toBe(2);

	// Typing not yet sent: the banner instead of a reload.
	const before = state.loads;
	await page.getByLabel('Notas').fill('lo que dijo el grupo');
	state.serverVersion = 3;
	await expect(page.locator('[data-live-banner]')).toBeVisible();
	await page.waitForTimeout(600);
	expect(state.loads).toBe(before);
	await expect(page.getByLabel('Notas')).toHaveValue('lo que dijo el grupo');
});
