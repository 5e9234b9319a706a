// Just enough HTML reading for server-rendered Svelte pages: forms, their fields, links, text.

export interface Field {
	name: string;
	/** input type, or select / textarea / button */
	type: string;
	value: string;
	/** select options, or the values of a checkbox or radio group */
	options: string[];
	/** sent by the browser as the form stands (checked box, selected option, filled input) */
	sent: boolean;
	required: boolean;
}

export interface Form {
	method: 'get' | 'post';
	/** The action URL resolved against the page. */
	action: URL;
	multipart: boolean;
	fields: Field[];
	/**
	 * The button a browser sends when the form is submitted with Enter (its first submit
	 * button), by name; null when that button has no name. Other buttons are sent only when
	 * pressed, so a body holds one button at most.
	 */
	pressed: string | null;
}

/** The name of the first submit button of a form's body (null when unnamed or none). */
function firstSubmit(body: string): string | null {
	for (const m of body.matchAll(/<(button|input)\b[^>]*>/gi)) {
		const a = attrs(m[0]);
		const type = (a.type ?? (m[1]!.toLowerCase() === 'button' ? 'submit' : 'text')).toLowerCase();
		if (type !== 'submit' && type !== 'image') continue;
		return a.name && !('disabled' in a) ? a.name : null;
	}
	return null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
	return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
		if (e[0] === '#')
			return String.fromCodePoint(
				e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
			);
		return ENTITIES[e.toLowerCase()] ?? m;
	});
}

export function attrs(tag: string): Record<string, string> {
	const out: Record<string, string> = {};
	const inner = tag.replace(/^<[a-z0-9]+/i, '').replace(/\/?>$/, '');
	for (const m of inner.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g))
		out[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
	return out;
}

function fieldsOf(body: string): Field[] {
	const fields: Field[] = [];
	const tags = /<(input|select|textarea|button)\b[^>]*>/gi;
	for (const m of body.matchAll(tags)) {
		const tag = m[1]!.toLowerCase();
		const a = attrs(m[0]);
		if (!a.name || 'disabled' in a) continue;
		const rest = body.slice(m.index! + m[0].length);
		if (tag === 'select') {
			const inner = rest.slice(0, rest.search(/<\/select>/i));
			const opts = [...inner.matchAll(/<option\b[^>]*>([\s\S]*?)<\/option>/gi)].map((o) => {
				const oa = attrs(o[0].slice(0, o[0].indexOf('>') + 1));
				return {
					value: 'value' in oa ? oa.value! : decodeEntities(o[1]!.trim()),
					sel: 'selected' in oa
				};
			});
			const chosen = opts.find((o) => o.sel) ?? opts[0];
			fields.push({
				name: a.name,
				type: 'select',
				value: chosen?.value ?? '',
				options: opts.map((o) => o.value),
				sent: !!chosen,
				required: 'required' in a
			});
		} else if (tag === 'textarea') {
			const inner = rest.slice(0, rest.search(/<\/textarea>/i));
			fields.push({
				name: a.name,
				type: 'textarea',
				value: decodeEntities(inner),
				options: [],
				sent: true,
				required: 'required' in a
			});
		} else if (tag === 'button') {
			// A named submit button sends its value only when it is the one pressed.
			fields.push({
				name: a.name,
				type: 'button',
				value: a.value ?? '',
				options: [],
				sent: false,
				required: false
			});
		} else {
			const type = (a.type ?? 'text').toLowerCase();
			if (['submit', 'reset', 'image'].includes(type)) continue;
			const checkable = type === 'checkbox' || type === 'radio';
			const group = checkable
				? fields.find((f) => f.name === a.name && f.type === type)
				: undefined;
			if (group) {
				group.options.push(a.value ?? 'on');
				if ('checked' in a) group.sent = true;
				continue;
			}
			fields.push({
				name: a.name,
				type,
				value: a.value ?? (checkable ? 'on' : ''),
				options: checkable ? [a.value ?? 'on'] : [],
				sent: checkable ? 'checked' in a : true,
				required: 'required' in a
			});
		}
	}
	return fields;
}

/** Every form of a page; a submit button with `formaction` counts as a form of its own. */
export function formsOf(html: string, page: URL): Form[] {
	const out: Form[] = [];
	for (const m of html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/gi)) {
		const a = attrs(m[0].slice(0, m[0].indexOf('>') + 1));
		const body = m[1]!;
		const method = (a.method ?? 'get').toLowerCase() === 'post' ? 'post' : 'get';
		const fields = fieldsOf(body);
		const multipart = (a.enctype ?? '').toLowerCase() === 'multipart/form-data';
		const targets = new Map([[a.action ?? '', firstSubmit(body)]]);
		for (const b of body.matchAll(/<button\b[^>]*\bformaction=[^>]*>/gi)) {
			const ba = attrs(b[0]);
			targets.set(ba.formaction ?? '', ba.name ?? null);
		}
		for (const [t, pressed] of targets) {
			const action = new URL(t || page.pathname + page.search, page);
			out.push({ method, action, multipart, fields, pressed });
		}
	}
	return out;
}

/**
 * Same-site links of a page, as absolute URLs: anchors, and what the page itself loads from the
 * app (recorded readings, the live script's event stream).
 */
export function linksOf(html: string, page: URL): URL[] {
	const out: URL[] = [];
	for (const m of html.matchAll(/<(?:a|audio|source|main)\b[^>]*>/gi)) {
		const a = attrs(m[0]);
		const href = a.href ?? a.src ?? a['data-events-url'];
		if (!href || href.startsWith('#') || /^(mailto|tel|javascript|https?:\/\/wa\.me)/i.test(href))
			continue;
		const u = new URL(href, page);
		if (u.origin === page.origin) out.push(u);
	}
	return out;
}

/** The text a reader sees: tags, scripts and styles removed. */
export function visibleText(html: string): string {
	return decodeEntities(
		html
			.replace(/<(script|style|head)\b[\s\S]*?<\/\1>/gi, ' ')
			.replace(/<!--[\s\S]*?-->/g, ' ')
			.replace(/<[^>]+>/g, ' ')
	)
		.replace(/\s+/g, ' ')
		.trim();
}

/** The text of the page's error messages: alerts and the messages under fields. */
export function errorTexts(html: string): string[] {
	const out: string[] = [];
	for (const m of html.matchAll(
		/<(p|div|span)\b[^>]*(role="alert"|class="[^"]*\berror-msg\b[^"]*")[^>]*>([\s\S]*?)<\/\1>/gi
	))
		out.push(visibleText(m[3]!));
	return out.filter(Boolean);
}
