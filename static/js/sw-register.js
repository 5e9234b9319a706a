// Registers Minka's service worker (src/service-worker.ts) once the page has loaded, and tells it
// this page's language and whether someone is signed in. Pages work without it.
(function () {
	var sw = navigator.serviceWorker;
	var script = document.currentScript;
	if (!sw || !script) return;
	var hello = {
		lang: document.documentElement.lang,
		// `unknown` on the offline page: shown in place of any page, it must not read as signed out
		// (that deletes the member's saves); the worker ignores a hello that does not say.
		signedIn: { yes: true, no: false }[script.getAttribute('data-signed-in')],
		user: script.getAttribute('data-user')
	};
	window.addEventListener('load', function () {
		sw.register('/service-worker.js')
			.then(function () {
				return sw.ready;
			})
			.then(function (registration) {
				if (!registration.active) return;
				// A page that loaded while the worker was activating (it claims the pages open then)
				// asks to be taken, so this very visit is covered.
				if (!sw.controller) registration.active.postMessage('claim');
				registration.active.postMessage(hello);
			})
			.catch(function () {
				// No worker (private mode, an old phone): the site works as before, online.
			});
	});
})();
