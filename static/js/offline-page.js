// The offline page, shown by the worker in place of a page it does not have (the home screen's
// start page, say): links to the courses saved on this phone, so a group with no signal finds
// its way in. Only when the phone holds one member's saves (as the worker serves them).
(function () {
	'use strict';
	var box = document.querySelector('[data-offline-saved]');
	if (!box || !window.caches) return;
	caches
		.keys()
		.then(function (names) {
			var mine = names.filter(function (n) {
				return n.indexOf('minka-user-') === 0;
			});
			if (mine.length !== 1) return [];
			return caches.open(mine[0]).then(function (cache) {
				return cache.keys().then(function (requests) {
					var metas = requests.filter(function (r) {
						return new URL(r.url).pathname.indexOf('/__offline/course/') === 0;
					});
					return Promise.all(
						metas.map(function (r) {
							return cache.match(r).then(function (res) {
								return res.json();
							});
						})
					).then(function (list) {
						return list.map(function (m, i) {
							return { meta: m, slug: new URL(metas[i].url).pathname.split('/').pop() };
						});
					});
				});
			});
		})
		.then(function (saved) {
			var list = box.querySelector('ul');
			saved.forEach(function (s) {
				var li = document.createElement('li');
				var a = document.createElement('a');
				a.href = '/courses/' + s.slug;
				a.textContent = s.meta.title || s.slug;
				li.appendChild(a);
				list.appendChild(li);
			});
			box.hidden = !saved.length;
		});
})();
