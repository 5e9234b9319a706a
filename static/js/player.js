// The player's island: live countdown, read-aloud with an offline voice, and following the
// group's step. Hand-written ES2019, no dependencies; the page works without it.
(function () {
	'use strict';
	var d = document;
	var $ = function (s, root) {
		return (root || d).querySelector(s);
	};
	var two = function (n) {
		return (n < 10 ? '0' : '') + n;
	};

	// Countdown: computed from the wall clock at every tick, so a phone that slept is right on wake.
	function countdown(el) {
		var start = Date.parse(el.getAttribute('data-started-at'));
		var total = Number(el.getAttribute('data-seconds'));
		if (!isFinite(start) || !isFinite(total)) return;
		var out = $('[data-countdown-value]', el) || el;
		var wasOver = null;
		function tick() {
			var left = Math.round(total - (Date.now() - start) / 1000);
			var over = left < 0;
			var s = Math.abs(left);
			out.textContent = (over ? '+' : '') + two(Math.floor(s / 60)) + ':' + two(s % 60);
			if (over !== wasOver) {
				// The signal only when zero passes while the page is open, not on a late load.
				if (over && wasOver === false && navigator.vibrate) navigator.vibrate(200);
				el.classList.toggle('is-over', over);
				el.setAttribute('data-state', over ? 'over' : 'running');
				wasOver = over;
			}
		}
		el.setAttribute('role', 'timer');
		tick();
		setInterval(tick, 1000);
		d.addEventListener('visibilitychange', tick);
	}

	// Read aloud, only with a voice that works offline: Android lists voices it does not have and
	// falls back to English, so the language is set on every utterance.
	function readAloud(btn) {
		var lang = (btn.getAttribute('data-lang') || 'es').toLowerCase();
		var none = btn.parentNode && $('[data-read-aloud-none]', btn.parentNode);
		var synth = window.speechSynthesis;
		var voice = null;
		var speaking = false;
		function pick(final) {
			var list = synth ? synth.getVoices() : [];
			voice = null;
			for (var i = 0; i < list.length; i++) {
				var v = list[i];
				if (v.localService && v.lang.toLowerCase().replace('_', '-').indexOf(lang) === 0) {
					voice = v;
					break;
				}
			}
			if (!voice && !final) return;
			btn.hidden = !voice;
			if (none) none.hidden = !!voice;
		}
		function stop() {
			speaking = false;
			btn.setAttribute('aria-pressed', 'false');
			if (synth) synth.cancel();
		}
		if (!synth || typeof SpeechSynthesisUtterance === 'undefined') {
			btn.hidden = true;
			if (none) none.hidden = false;
			return;
		}
		// Voices often arrive later; say "none" only when none came.
		pick(false);
		if (synth.addEventListener)
			synth.addEventListener('voiceschanged', function () {
				pick(true);
			});
		setTimeout(function () {
			if (!voice) pick(true);
		}, 2000);
		btn.addEventListener('click', function () {
			if (speaking) return stop();
			var target = $(btn.getAttribute('data-target') || '#step-text');
			if (!voice || !target) return;
			synth.cancel();
			// Short pieces: some engines stop a long utterance half-way.
			var parts = (target.innerText || target.textContent || '').match(/[^.!?\n]+[.!?]*/g) || [];
			var chunks = [];
			for (var i = 0; i < parts.length; i++) {
				var t = parts[i].trim();
				if (!t) continue;
				var last = chunks.length - 1;
				if (last >= 0 && chunks[last].length + t.length < 180) chunks[last] += ' ' + t;
				else chunks.push(t);
			}
			if (!chunks.length) return;
			speaking = true;
			btn.setAttribute('aria-pressed', 'true');
			chunks.forEach(function (text, n) {
				var u = new SpeechSynthesisUtterance(text);
				u.lang = voice.lang;
				u.voice = voice;
				if (n === chunks.length - 1) u.onend = u.onerror = stop;
				synth.speak(u);
			});
		});
		window.addEventListener('pagehide', stop);
	}

	// Whether the person has typed something not yet sent (then no automatic reload).
	function edited() {
		var fields = d.querySelectorAll('input, textarea, select');
		for (var i = 0; i < fields.length; i++) {
			var f = fields[i];
			if (f.type === 'hidden' || f.type === 'submit' || f.type === 'button') continue;
			if (f.tagName === 'SELECT') {
				for (var j = 0; j < f.options.length; j++)
					if (f.options[j].selected !== f.options[j].defaultSelected) return true;
			} else if (f.type === 'checkbox' || f.type === 'radio') {
				if (f.checked !== f.defaultChecked) return true;
			} else if (f.value !== f.defaultValue) return true;
		}
		return false;
	}

	function follow(main) {
		var url = main.getAttribute('data-events-url');
		var version = Number(main.getAttribute('data-run-version'));
		if (!url || typeof EventSource === 'undefined') return;
		var source = null;
		var retry = null;
		function reload() {
			// A GET of this page: never re-post a form (a page shown after a refused post).
			var next = new URL(location.href);
			Array.from(next.searchParams.keys()).forEach(function (k) {
				if (k.charAt(0) === '/') next.searchParams.delete(k);
			});
			location.replace(next.pathname + next.search);
		}
		function open() {
			if (source) return;
			source = new EventSource(url);
			source.onmessage = function (e) {
				var v;
				try {
					v = JSON.parse(e.data).version;
				} catch {
					return;
				}
				if (typeof v !== 'number' || v === version) return;
				if (!edited()) return reload();
				var banner = $('[data-live-banner]');
				if (banner) banner.hidden = false;
			};
			source.onerror = function () {
				// Closed for good (refused, or too busy): try again later, gently.
				if (source && source.readyState === 2) {
					close();
					retry = setTimeout(open, 30000);
				}
			};
		}
		function close() {
			clearTimeout(retry);
			if (source) source.close();
			source = null;
		}
		open();
		window.addEventListener('pagehide', close);
		window.addEventListener('pageshow', function (e) {
			if (e.persisted) open();
		});
	}

	var timers = d.querySelectorAll('[data-countdown]');
	for (var i = 0; i < timers.length; i++) countdown(timers[i]);
	var buttons = d.querySelectorAll('[data-read-aloud]');
	for (var k = 0; k < buttons.length; k++) readAloud(buttons[k]);
	var main = $('main[data-events-url]');
	if (main) follow(main);
})();
