// Registers Minka's service worker (src/service-worker.ts) once the page has loaded, and tells it
// this page's language and whether someone is signed in. Pages work without it.
(function () {
	var sw = navigator.serviceWorker;
	var script = document.currentScript;
	if (!sw || !script) return;
	var hello = {
		lang: document.documentElement.lang,
		signedIn: script.getAttribute('data-signed-in') === 'yes',
		user: script.getAttribute('data-user')
	};
	window.addEventListener('load', function () {
		sw.register('/service-worker.js')
			.then(function () {
				return sw.ready;
			})
			.then(function (registration) {
				if (registration.active) registration.active.postMessage(hello);
			})
			.catch(function () {
				// No worker (private mode, an old phone): the site works as before, online.
			});
	});
})();
