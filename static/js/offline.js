// Use without internet, on signed-in pages: saves a course into the member's cache, and keeps the
// group's posts on the phone while there is no signal, then sends them one at a time, in order,
// each removed only once the server took it. Hand-written ES2019, no dependencies; every page
// works without it (online). docs/architecture.md, "Offline", says why it is built this way.
(function () {
	'use strict';
	var d = document;
	var box = d.querySelector('[data-offline-box]');
	var me = box && box.getAttribute('data-user');
	if (!box || !me || !window.indexedDB || !window.fetch) return;
	var myName = box.getAttribute('data-user-name') || '';
	var cacheName = 'minka-user-' + me;
	var RUN_POST = /^\/runs\/[0-9a-f-]{36}$/;
	// Runs with work of this member still waiting here: a post to one of them waits its turn.
	var pending = {};
	// A member alone: a pre- or post-test (start, answers, hand in), a workbook section's save.
	var TEST_POST = /^\/courses\/[a-z0-9-]+\/test\/(pre|post)(\/\d{1,3})?$/;
	var WORKBOOK_POST = /^\/teams\/[0-9a-f-]{36}\/workbook\/[a-z0-9-]+\.[a-z0-9-]+$/;

	function t(el, key, vars) {
		var s = el.getAttribute('data-t-' + key) || '';
		for (var k in vars || {}) s = s.split('{' + k + '}').join(String(vars[k]));
		return s;
	}
	function el(tag, text) {
		var e = d.createElement(tag);
		if (text) e.textContent = text;
		return e;
	}
	function kb(bytes) {
		return bytes < 1048576
			? Math.max(1, Math.round(bytes / 1024)) + ' KB'
			: (bytes / 1048576).toFixed(1) + ' MB';
	}

	// ---- The queue: one IndexedDB store, items in the order they were kept (`seq`). ----
	var dbp = null;
	function db() {
		dbp =
			dbp ||
			new Promise(function (resolve, reject) {
				var req = indexedDB.open('minka-offline', 1);
				req.onupgradeneeded = function () {
					req.result.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
				};
				req.onsuccess = function () {
					resolve(req.result);
				};
				req.onerror = function () {
					reject(req.error);
				};
			});
		return dbp;
	}
	function store(mode, work) {
		return db().then(function (conn) {
			return new Promise(function (resolve, reject) {
				var tx = conn.transaction('queue', mode);
				var result = work(tx.objectStore('queue'));
				tx.oncomplete = function () {
					resolve(result && 'result' in result ? result.result : undefined);
				};
				tx.onerror = tx.onabort = function () {
					reject(tx.error);
				};
			});
		});
	}
	function all() {
		return store('readonly', function (s) {
			return s.getAll();
		});
	}
	function put(item) {
		return store('readwrite', function (s) {
			return s.put(item);
		});
	}
	function remove(seq) {
		return store('readwrite', function (s) {
			return s.delete(seq);
		});
	}

	// ---- Keeping a post while there is no signal. ----
	// A run's version: the page's, or one past the last queued change of that run, so a series of
	// moves made offline names the versions the server will be at when they arrive in order.
	function expectedVersion(items, runId) {
		var v = null;
		items.forEach(function (i) {
			if (i.user === me && i.runId === runId && i.version !== null) v = i.version + 1;
		});
		return v;
	}

	// One kept post: the form urlencoded, whose it is, where it goes, and what orders it (`fields`).
	function putKept(data, url, fields) {
		var body = new URLSearchParams();
		data.forEach(function (value, key) {
			if (typeof value === 'string') body.append(key, value);
		});
		var item = {
			user: me,
			name: myName,
			url: url.pathname + url.search,
			body: body.toString(),
			state: 'waiting',
			at: new Date().toISOString()
		};
		for (var k in fields) item[k] = fields[k];
		return put(item);
	}

	function keep(form, submitter, url, runId, action) {
		var data = new FormData(form);
		if (submitter && submitter.name) data.append(submitter.name, submitter.value);
		pending[runId] = true;
		return all().then(function (items) {
			var version = null;
			if (data.has('version')) {
				var expected = expectedVersion(items, runId);
				if (expected !== null) data.set('version', String(expected));
				version = Number(data.get('version'));
			}
			return putKept(data, url, { runId: runId, action: action, version: version }).then(
				function () {
					return { action: action, to: data.get('to'), runId: runId };
				}
			);
		});
	}

	// The saved page of this run at `at` (a step, `roles`, `checkin`), named as the list names it.
	function atUrl(at) {
		var q = new URLSearchParams();
		var draft = new URLSearchParams(location.search).get('draft');
		if (draft) q.set('draft', draft);
		q.set('at', String(at));
		return location.pathname + '?' + q.toString();
	}

	// After a post kept offline, the saved page the group would see next, if the phone has it: the
	// session just started, the roles after attendance, step 1 after the roles, the step moved to
	// (the check-in after the last).
	function afterKeep(kept, form) {
		var main = d.querySelector('main[data-run-id]');
		var attr = function (name) {
			return main ? main.getAttribute(name) : null;
		};
		var step = Number(attr('data-run-step'));
		var steps = Number(attr('data-run-steps'));
		var next = null;
		if (kept.action === 'start') next = form.getAttribute('data-draft-url');
		else if (kept.action === 'attendance') next = atUrl('roles');
		else if (kept.action === 'roles') next = atUrl(1);
		else if (kept.action === 'move' && attr('data-run-stage') === 'checkin')
			next = kept.to === 'back' ? atUrl(steps) : null;
		else if (kept.action === 'move' && step > 0) {
			var to = kept.to === 'next' ? step + 1 : kept.to === 'back' ? step - 1 : Number(kept.to);
			next = to > steps ? atUrl('checkin') : to >= 1 ? atUrl(to) : null;
		}
		if (!next) return render();
		return caches
			.open(cacheName)
			.then(function (c) {
				return c.match(next);
			})
			.then(function (hit) {
				if (hit) location.assign(next);
				else render();
			});
	}

	// ---- A member alone: a test or a workbook section's save. Each lane (an attempt, a section)
	// names the revision it will be at: the page's, past what was kept or sent before for it. ----
	var REV = 'minka-offline-rev:' + me + ':';
	function sentRevision(lane) {
		try {
			return Number(localStorage.getItem(REV + lane)) || 0;
		} catch {
			return 0;
		}
	}
	function noteSent(item) {
		try {
			if (item.bumps)
				localStorage.setItem(REV + item.lane, Math.max(sentRevision(item.lane), item.revision + 1));
		} catch {
			/* the page's revision is used */
		}
	}
	function newId() {
		var h = '';
		crypto.getRandomValues(new Uint8Array(16)).forEach(function (x, i) {
			h += (256 | (i === 6 ? (x & 15) | 64 : i === 8 ? (x & 63) | 128 : x)).toString(16).slice(1);
		});
		return h.replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
	}
	function aloneWork(url) {
		if (url.origin !== location.origin) return null;
		if (TEST_POST.test(url.pathname)) return 'test';
		return WORKBOOK_POST.test(url.pathname) && url.search === '?/save' ? 'workbook' : null;
	}
	// An attempt, or a workbook section: what a conflict holds up, and what waits its turn.
	function laneOf(data, url, kind) {
		return kind === 'test'
			? 'test:' + (data.get('attemptId') || data.get('clientId'))
			: url.pathname;
	}
	function keepAlone(form, submitter, url, kind) {
		// A table's row buttons need the server.
		if (kind === 'workbook' && submitter && /^_(add|remove)Row$/.test(submitter.name))
			return Promise.reject(new Error('row'));
		var data = new FormData(form);
		if (submitter && submitter.name) data.append(submitter.name, submitter.value);
		var action = /^\?\//.test(url.search) ? url.search.slice(2) : 'answer';
		var test = kind === 'test';
		var lane = laneOf(data, url, kind);
		// Each save its own write: a second save from the same saved page is no retry.
		if (!test) data.set('clientId', newId());
		var bumps = !test || (action === 'answer' && data.getAll('answer').join('') !== '');
		return all().then(function (items) {
			var revision = null;
			if (data.has('revision')) {
				revision = Math.max(Number(data.get('revision')) || 0, sentRevision(lane));
				items.forEach(function (i) {
					if (i.user === me && i.lane === lane && i.bumps) revision = i.revision + 1;
				});
				data.set('revision', revision);
			}
			return putKept(data, url, {
				runId: null,
				lane: lane,
				action: action,
				version: null,
				revision: revision,
				bumps: bumps
			}).then(function () {
				return { test: test, action: action, path: url.pathname, data: data };
			});
		});
	}
	// After a test step, the saved page the server would have sent: the first question after Start,
	// the next or previous after an answer, else the test's list.
	function afterKeepAlone(kept) {
		if (!kept.test || kept.action === 'submit') return render();
		var m = /^(.*\/test\/\w+)(?:\/(\d+))?$/.exec(kept.path);
		var base = m[1];
		var q = location.search;
		var go = kept.data.get('go');
		var to = go === 'next' ? +m[2] + 1 : go === 'back' ? m[2] - 1 : 0;
		var tries =
			kept.action === 'start'
				? [base + '/1?attempt=' + kept.data.get('clientId'), base + '/1']
				: to >= 1
					? [base + '/' + to + q, base + q]
					: [base + q];
		return caches.open(cacheName).then(function (c) {
			function first(k) {
				if (k === tries.length) return render();
				return c.match(tries[k]).then(function (hit) {
					if (hit) location.assign(tries[k]);
					else return first(k + 1);
				});
			}
			return first(0);
		});
	}
	// Back with signal: a test page saved ahead, or one that sent something, shows the test now.
	function afterSyncAlone(waiting, settled) {
		if (!TEST_POST.test(location.pathname)) return false;
		var ahead = !waiting && /[?&]attempt=/.test(location.search);
		if (ahead || settled) location.replace(ahead ? location.pathname : location.href);
		return ahead || settled;
	}

	d.addEventListener('submit', function (e) {
		if (e.defaultPrevented) return;
		var form = e.target;
		if (!form || (form.getAttribute('method') || '').toLowerCase() !== 'post') return;
		var url = new URL(form.getAttribute('action') || '', location.href);
		var alone = aloneWork(url);
		if (alone) {
			// With signal a test or a section posts as usual, unless its earlier work still waits
			// here: then it goes after that work, in order.
			var online = navigator.onLine;
			if (online && !pending[laneOf(new FormData(form), url, alone)]) return;
			e.preventDefault();
			keepAlone(form, e.submitter, url, alone).then(online ? sync : afterKeepAlone, function () {
				message(t(box, 'needs-net'));
			});
			return;
		}
		var mine = url.origin === location.origin;
		// A start is kept only from a session saved ready to start: its pages fit the run it makes.
		var start = mine && url.pathname === '/runs/start' && form.hasAttribute('data-draft-url');
		var runId =
			mine && RUN_POST.test(url.pathname)
				? url.pathname.split('/')[2]
				: start && form.elements.clientId
					? form.elements.clientId.value
					: null;
		// With signal a post goes as usual, unless this run's earlier work still waits here: then it
		// goes after that work, in order.
		if (navigator.onLine && !(runId && pending[runId])) return;
		e.preventDefault();
		if (!runId) {
			message(t(box, 'needs-net'));
			return;
		}
		var action = start ? 'start' : url.search.replace(/^\?\//, '');
		keep(form, e.submitter, url, runId, action).then(
			function (kept) {
				return navigator.onLine ? sync() : afterKeep(kept, form);
			},
			function () {
				message(t(box, 'needs-net'));
			}
		);
	});

	// A page kept ahead (roles, steps, check-in) offers everyone: keep only those ticked present in
	// the attendance this phone holds for the run (and its late arrivals).
	function fitPresent() {
		var main = d.querySelector('main[data-run-id]');
		if (!main || !d.querySelector('[data-offline-preview]')) return null;
		var runId = main.getAttribute('data-run-id');
		return all().then(function (items) {
			var present = null;
			var guests = null;
			items.forEach(function (i) {
				if (i.user !== me || i.runId !== runId) return;
				var body = new URLSearchParams(i.body);
				var ids = body.getAll('present');
				if (i.action === 'attendance') {
					present = ids;
					guests = body.get('guests');
				} else if (i.action === 'arrivals' && present) present = present.concat(ids);
			});
			if (!present) return;
			var here = function (id) {
				return present.indexOf(id) >= 0;
			};
			var drop = function (node) {
				node.parentNode.removeChild(node);
			};
			var q = function (sel) {
				return Array.prototype.slice.call(d.querySelectorAll(sel));
			};
			q('form[action="?/attendance"] input[name="present"]').forEach(function (i) {
				i.checked = here(i.value);
			});
			q('form[action="?/attendance"] input[name="guests"]').forEach(function (i) {
				if (guests !== null) i.value = guests;
			});
			var orphans = [];
			q('form[action="?/roles"] option, form[action="?/checkin"] fieldset[data-person]').forEach(
				function (o) {
					if (here(o.value || o.getAttribute('data-person'))) return;
					if (o.selected) orphans.push(o.parentNode);
					drop(o);
				}
			);
			// A role the page gave someone absent goes to whoever present has the fewest roles.
			var roles = q('form[action="?/roles"] select');
			orphans.forEach(function (select) {
				var load = function (id) {
					return roles.filter(function (r) {
						return r !== select && r.value === id;
					}).length;
				};
				var best = present.slice().sort(function (a, b) {
					return load(a) - load(b);
				})[0];
				if (best) select.value = best;
			});
			q('[data-present-hint]').forEach(function (p) {
				p.textContent = p.getAttribute('data-present-hint').split('{n}').join(present.length);
			});
			q('form[action="?/arrivals"] input[name="present"]').forEach(function (i) {
				if (here(i.value)) drop(i.closest('label') || i);
			});
		});
	}

	// ---- Sending, one at a time, in order. ----
	var busy = false;
	var delay = 5000;
	var timer = null;
	var signInNeeded = false;

	function later() {
		clearTimeout(timer);
		timer = setTimeout(sync, delay);
		delay = Math.min(delay * 2, 300000);
	}

	/** The reason a refused page gives (its first error message), else its status. */
	function reasonOf(res) {
		return res.text().then(
			function (html) {
				var page = new DOMParser().parseFromString(html, 'text/html');
				// The first one shown: the page also holds hidden ones (the live script's banner).
				var text = '';
				var found = page.querySelectorAll(
					'main .error-msg, main [role="alert"], main .alert-error, main [data-error-reason]'
				);
				for (var i = 0; i < found.length && !text; i++)
					if (!found[i].closest('[hidden]')) text = (found[i].textContent || '').trim();
				return text || t(box, 'error', { n: res.status });
			},
			function () {
				return t(box, 'error', { n: res.status });
			}
		);
	}

	function send(item) {
		return fetch(item.url, {
			method: 'POST',
			body: item.body,
			credentials: 'same-origin',
			redirect: 'manual',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html',
				'x-minka-queue': me
			}
		}).then(function (res) {
			// A redirect (303 to the page) or a page: taken.
			if (res.type === 'opaqueredirect' || (res.status >= 200 && res.status < 400)) {
				noteSent(item);
				return remove(item.seq).then(function () {
					return 'sent';
				});
			}
			// Not this member's session (expired, or someone else signed in): wait.
			if (res.status === 401) return 'sign-in';
			if (res.status >= 500) throw new Error('server ' + res.status);
			return reasonOf(res).then(function (reason) {
				item.state = res.status === 409 ? 'conflict' : 'refused';
				item.reason = reason;
				item.status = res.status;
				return put(item).then(function () {
					return item.state;
				});
			});
		});
	}

	function sync() {
		if (!navigator.onLine) return render();
		if (busy) return Promise.resolve();
		busy = true;
		signInNeeded = false;
		// Something of the queue was settled here (sent, a conflict, a refusal).
		var settled = false;
		return all()
			.then(function (items) {
				var blocked = {};
				var mine = items.filter(function (i) {
					return i.user === me;
				});
				function next(n) {
					var item = mine[n];
					if (!item) return null;
					// What follows a conflict in the same run waits for the lead's decision.
					var lane = item.lane || item.runId;
					if (item.state === 'conflict') blocked[lane] = true;
					if (item.state !== 'waiting' || blocked[lane]) return next(n + 1);
					return send(item).then(function (outcome) {
						if (outcome === 'sign-in') {
							signInNeeded = true;
							return null;
						}
						settled = true;
						if (outcome === 'conflict') blocked[lane] = true;
						return next(n + 1);
					});
				}
				return next(0);
			})
			.then(
				function () {
					delay = 5000;
				},
				function () {
					later();
				}
			)
			.then(function () {
				busy = false;
				return all();
			})
			.then(function (items) {
				var waiting = items.some(function (i) {
					return i.user === me && i.state === 'waiting';
				});
				if (waiting && !signInNeeded) later();
				if (afterSyncAlone(waiting, settled)) return;
				// Work kept on the phone was settled: the page (a saved one, or one shown before) is
				// out of date; show the group where it is now. A page ahead of the group opened with
				// signal and nothing to send stays as asked.
				if (settled && RUN_POST.test(location.pathname)) location.replace(location.pathname);
				else render();
			});
	}

	// ---- What the box says. ----
	function message(text) {
		box.hidden = false;
		box.textContent = '';
		box.appendChild(el('p', text));
	}

	function render() {
		return all().then(function (items) {
			var mine = items.filter(function (i) {
				return i.user === me;
			});
			var others = items.filter(function (i) {
				return i.user !== me;
			});
			pending = {};
			mine.forEach(function (i) {
				if (i.state === 'waiting') pending[i.lane || i.runId] = true;
			});
			box.textContent = '';
			box.hidden = !mine.length && !others.length;
			var waiting = mine.filter(function (i) {
				return i.state === 'waiting';
			});
			if (waiting.length) {
				box.appendChild(el('p', t(box, 'saved')));
				var count = el('p', t(box, 'waiting', { n: waiting.length }));
				count.setAttribute('data-offline-waiting', String(waiting.length));
				box.appendChild(count);
				if (signInNeeded) box.appendChild(el('p', t(box, 'sign-in', { name: myName })));
				if (navigator.onLine) {
					var now = el('button', t(box, 'send'));
					now.type = 'button';
					now.className = 'btn';
					now.addEventListener('click', function () {
						now.disabled = true;
						now.textContent = t(box, 'sending');
						sync();
					});
					box.appendChild(now);
				}
			}
			mine.forEach(function (i) {
				if (i.state === 'waiting') return;
				var p = el('div');
				p.className = 'alert alert-error';
				p.setAttribute('data-offline-item', i.state);
				p.appendChild(el('p', i.state === 'conflict' ? t(box, 'conflict') : t(box, 'refused')));
				if (i.reason) p.appendChild(el('p', i.reason));
				if (i.state === 'conflict') {
					var link = el('a', t(box, 'conflict-link'));
					link.href = i.url.split('?')[0];
					p.appendChild(link);
				}
				var drop = el('button', t(box, 'discard'));
				drop.type = 'button';
				drop.className = 'btn btn-secondary';
				drop.addEventListener('click', function () {
					remove(i.seq).then(sync);
				});
				p.appendChild(drop);
				box.appendChild(p);
			});
			// Someone else's work: only how much there is, never what.
			if (others.length) box.appendChild(el('p', t(box, 'others', { n: others.length })));
		});
	}

	window.addEventListener('online', sync);
	window.addEventListener('offline', render);

	// ---- "Save for use without internet" on a course page. ----
	// About how much it keeps, told before the member taps save (the server estimates it).
	function tellSize(section, save) {
		var out = section.querySelector('[data-offline-estimate]');
		if (!out || save.hidden || !navigator.onLine) return;
		save.addEventListener('click', function () {
			out.hidden = true;
		});
		fetch(section.getAttribute('data-pages'))
			.then(function (r) {
				return r.json();
			})
			.then(function (l) {
				var e = l.estimate;
				out.textContent = t(section, 'estimate', { size: kb(e.bytes), n: e.pages });
				out.hidden = save.hidden;
			})
			.catch(render);
	}

	function download(section) {
		var course = section.getAttribute('data-course');
		var version = section.getAttribute('data-version');
		var metaKey = '/__offline/course/' + course;
		var state = section.querySelector('[data-offline-state]');
		var bar = section.querySelector('[data-offline-progress]');
		var save = section.querySelector('[data-offline-save]');
		var drop = section.querySelector('[data-offline-remove]');
		var needsJs = section.querySelector('[data-offline-needs-js]');
		if (!window.caches || !state || !bar || !save || !drop) return;
		if (needsJs) needsJs.hidden = true;
		var saveLabel = save.textContent;

		function meta() {
			return caches
				.open(cacheName)
				.then(function (c) {
					return c.match(metaKey);
				})
				.then(function (r) {
					return r ? r.json() : null;
				});
		}
		function show() {
			return meta().then(function (m) {
				var lines = [];
				if (m) lines.push(t(section, 'saved', { size: kb(m.bytes) }));
				if (m && m.version !== version) lines.push(t(section, 'new-version'));
				state.textContent = lines.join(' ');
				state.setAttribute('data-saved', m ? (m.version === version ? 'current' : 'old') : 'no');
				save.hidden = !!m && m.version === version;
				save.textContent = m ? save.getAttribute('data-t-update') : saveLabel;
				drop.hidden = !m;
				markSessions(m ? m.pages : []);
				showDrafts(m && m.version === version ? m.drafts || [] : []);
				if (m && navigator.storage && navigator.storage.estimate)
					navigator.storage.estimate().then(function (e) {
						if (e.usage) state.textContent += ' ' + t(section, 'storage', { size: kb(e.usage) });
					});
			});
		}
		// One start form per session kept ready to start: with no signal the start is kept and the
		// session's saved page opens; with signal it starts as any start does, with the id the
		// saved pages were made for.
		function showDrafts(drafts) {
			var list = section.querySelector('[data-offline-drafts]');
			if (!list) return;
			list.textContent = '';
			drafts.forEach(function (dr) {
				var label = t(section, 'session-label', {
					module: dr.moduleNumber,
					session: dr.sessionNumber,
					title: dr.title
				});
				list.appendChild(el('p', t(section, 'draft-ready', { session: label, team: dr.teamName })));
				var form = el('form');
				form.method = 'POST';
				form.action = '/runs/start';
				form.setAttribute('data-draft-url', dr.url);
				var fields = {
					team: dr.team,
					course: course,
					module: dr.module,
					session: dr.session,
					mode: 'group',
					clientId: dr.id
				};
				for (var k in fields) {
					var input = el('input');
					input.type = 'hidden';
					input.name = k;
					input.value = fields[k];
					form.appendChild(input);
				}
				var go = el('button', t(section, 'draft-start'));
				go.type = 'submit';
				go.className = 'btn';
				form.appendChild(go);
				list.appendChild(form);
			});
		}
		function markSessions(pages) {
			var links = d.querySelectorAll('main a[href^="/courses/' + course + '/"]');
			for (var i = 0; i < links.length; i++) {
				var a = links[i];
				var old = a.parentNode.querySelector('[data-offline-mark]');
				if (old) old.parentNode.removeChild(old);
				if (pages.indexOf(a.getAttribute('href')) < 0) continue;
				var mark = el('span', ' · ' + t(section, 'mark'));
				mark.className = 'muted';
				mark.setAttribute('data-offline-mark', '');
				a.parentNode.insertBefore(mark, a.nextSibling);
			}
		}
		save.addEventListener('click', function () {
			save.disabled = true;
			// Ask the browser not to clear what is saved when space runs short.
			if (navigator.storage && navigator.storage.persist) navigator.storage.persist();
			var total = 0;
			var before = [];
			meta()
				.then(function (old) {
					before = (old && old.pages) || [];
					return fetch(section.getAttribute('data-pages'), { credentials: 'same-origin' });
				})
				.then(function (r) {
					if (!r.ok) throw new Error('list ' + r.status);
					return r.json();
				})
				.then(function (list) {
					var pages = list.pages;
					state.textContent = t(section, 'pages', { n: pages.length });
					bar.hidden = false;
					bar.max = pages.length;
					return caches.open(cacheName).then(function (cache) {
						function one(n) {
							if (n === pages.length) return null;
							state.textContent = t(section, 'progress', { n: n + 1, total: pages.length });
							return fetch(pages[n], { credentials: 'same-origin' })
								.then(function (r) {
									if (!r.ok) throw new Error(pages[n] + ' ' + r.status);
									var type = r.headers.get('content-type') || 'text/html';
									var lang = r.headers.get('content-language') || '';
									return r.blob().then(function (body) {
										total += body.size;
										var headers = { 'content-type': type };
										if (lang) headers['content-language'] = lang;
										return cache.put(pages[n], new Response(body, { headers: headers }));
									});
								})
								.then(function () {
									bar.value = n + 1;
									return one(n + 1);
								});
						}
						return one(0)
							.then(function () {
								var m = {
									version: list.contentVersion,
									title: list.title,
									pages: pages,
									drafts: list.drafts || [],
									bytes: total,
									at: Date.now()
								};
								return cache.put(
									metaKey,
									new Response(JSON.stringify(m), {
										headers: { 'content-type': 'application/json' }
									})
								);
							})
							.then(function () {
								// Pages of the last save no longer listed (a session since done, an
								// older ready-to-start id) are not kept.
								return Promise.all(
									before
										.filter(function (p) {
											return pages.indexOf(p) < 0;
										})
										.map(function (p) {
											return cache.delete(p);
										})
								);
							});
					});
				})
				.then(show, function () {
					state.textContent = t(section, 'failed');
				})
				.then(function () {
					bar.hidden = true;
					save.disabled = false;
				});
		});
		drop.addEventListener('click', function () {
			meta()
				.then(function (m) {
					return caches.open(cacheName).then(function (cache) {
						var keys = ((m && m.pages) || []).concat([metaKey]);
						return Promise.all(
							keys.map(function (k) {
								return cache.delete(k);
							})
						);
					});
				})
				.then(show);
		});
		show().then(function () {
			tellSize(section, save);
		});
	}

	var section = d.querySelector('[data-offline-download]');
	if (section) download(section);
	fitPresent();
	sync();
})();
