import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

/** One form action of a page, as written in its `+page.server.ts`. */
export interface ActionInfo {
	name: string;
	/** The handler reads the route parameters: a foreign id in the URL must be refused. */
	usesParams: boolean;
	/** The handler reads the request (its body): body corpora can reach it. */
	readsRequest: boolean;
}

export interface RouteInfo {
	/** `/cohorts/[id]/edit`: the directory under src/routes without `(group)` segments. */
	pattern: string;
	params: string[];
	file: string;
	/** A page (GET renders HTML, POST runs actions) or an endpoint (`+server.ts`). */
	kind: 'page' | 'endpoint';
	actions: ActionInfo[];
	/** Endpoint methods (GET, POST, …). */
	methods: string[];
	regex: RegExp;
}

const ROUTES = 'src/routes';

function walk(dir: string, out: string[] = []): string[] {
	for (const name of readdirSync(dir)) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) walk(p, out);
		else out.push(p);
	}
	return out;
}

function parse(file: string): ts.SourceFile {
	return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

/** Strips `satisfies`, `as` and parentheses around an expression. */
function unwrap(e: ts.Expression): ts.Expression {
	while (ts.isSatisfiesExpression(e) || ts.isAsExpression(e) || ts.isParenthesizedExpression(e))
		e = e.expression;
	return e;
}

function isExported(node: ts.Node): boolean {
	return (
		ts.canHaveModifiers(node) &&
		!!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
	);
}

/** Names bound by the handler's first parameter; undefined when it is not destructured. */
function boundNames(fn: ts.Node): Set<string> | undefined {
	if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn) && !ts.isMethodDeclaration(fn))
		return undefined;
	const first = fn.parameters[0];
	if (!first) return new Set();
	if (!ts.isObjectBindingPattern(first.name)) return undefined;
	return new Set(
		first.name.elements.map((el) =>
			el.propertyName ? el.propertyName.getText() : el.name.getText()
		)
	);
}

/** The object literal an exported `const <name> = {…}` of a file holds. */
function exportedObject(file: string, name: string): ts.ObjectLiteralExpression | undefined {
	for (const st of parse(file).statements) {
		if (!ts.isVariableStatement(st) || !isExported(st)) continue;
		for (const d of st.declarationList.declarations) {
			if (d.name.getText() !== name || !d.initializer) continue;
			const obj = unwrap(d.initializer);
			if (!ts.isObjectLiteralExpression(obj))
				throw new Error(`${file}: ${name} is not an object literal`);
			return obj;
		}
	}
	return undefined;
}

/**
 * The file a relative import of `name` in `file` comes from (`import { stepActions } from
 * './step-actions'`), so that actions spread in from a module of their own are found too.
 */
function importedFrom(file: string, name: string): { file: string; name: string } {
	for (const st of parse(file).statements) {
		if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
		const spec = st.moduleSpecifier.text;
		const bindings = st.importClause?.namedBindings;
		if (!spec.startsWith('.') || !bindings || !ts.isNamedImports(bindings)) continue;
		const el = bindings.elements.find((e) => e.name.text === name);
		if (!el) continue;
		const base = join(dirname(file), spec);
		const found = ['', '.ts', '.js', '/index.ts']
			.map((x) => base + x)
			.find((f) => existsSync(f) && statSync(f).isFile());
		if (found) return { file: found, name: el.propertyName?.text ?? name };
	}
	throw new Error(`${file}: cannot find where the spread actions \`${name}\` come from`);
}

function readActions(file: string): ActionInfo[] {
	const obj = exportedObject(file, 'actions');
	return obj ? actionsOf(file, obj) : [];
}

function actionsOf(file: string, obj: ts.ObjectLiteralExpression): ActionInfo[] {
	const actions: ActionInfo[] = [];
	for (const p of obj.properties) {
		if (ts.isSpreadAssignment(p)) {
			// `...stepActions`: the actions of an object exported by another module.
			const id = unwrap(p.expression);
			if (!ts.isIdentifier(id)) throw new Error(`${file}: cannot read spread ${p.getText()}`);
			const from = importedFrom(file, id.text);
			const spread = exportedObject(from.file, from.name);
			if (!spread) throw new Error(`${from.file}: no exported ${from.name}`);
			actions.push(...actionsOf(from.file, spread));
			continue;
		}
		const name = p.name?.getText().replace(/^['"]|['"]$/g, '');
		if (!name) continue;
		const fn = ts.isPropertyAssignment(p) ? unwrap(p.initializer) : p;
		const names = boundNames(fn);
		// A handler that takes the whole event (and hands it on) may read anything, the URL too.
		actions.push({
			name,
			usesParams: names ? names.has('params') : true,
			readsRequest: names ? names.has('request') : true
		});
	}
	return actions;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'fallback'];

function readMethods(file: string): string[] {
	const found: string[] = [];
	for (const st of parse(file).statements) {
		if (ts.isFunctionDeclaration(st) && isExported(st) && st.name && METHODS.includes(st.name.text))
			found.push(st.name.text);
		if (ts.isVariableStatement(st) && isExported(st))
			for (const d of st.declarationList.declarations)
				if (METHODS.includes(d.name.getText())) found.push(d.name.getText());
	}
	return found;
}

function toPattern(dir: string): string {
	const segs = relative(ROUTES, dir)
		.split(sep)
		.filter((s) => s && !/^\(.*\)$/.test(s));
	return '/' + segs.join('/');
}

function toRegex(pattern: string): RegExp {
	const body = pattern
		.split('/')
		.filter(Boolean)
		.map((s) => {
			if (/^\[\.\.\..+\]$/.test(s)) return '/.+';
			if (/^\[\[.+\]\]$/.test(s)) return '(?:/[^/]+)?';
			return '/' + s.replace(/\[[^\]]+\]/g, '[^/]+').replace(/\./g, '\\.');
		})
		.join('');
	return new RegExp(`^${body || '/'}$`);
}

/** Every page and endpoint under src/routes, found from the files alone. */
export function discoverRoutes(): RouteInfo[] {
	const files = walk(ROUTES);
	const byDir = new Map<string, RouteInfo>();
	for (const f of files) {
		const base = f.split(sep).pop()!;
		const dir = f.slice(0, -base.length - 1);
		const pattern = toPattern(dir);
		const params = [...pattern.matchAll(/\[+(?:\.\.\.)?([^\]]+)\]+/g)].map((m) => m[1]!);
		if (base === '+server.ts' || base === '+server.js') {
			byDir.set(dir + ':endpoint', {
				pattern,
				params,
				file: f,
				kind: 'endpoint',
				actions: [],
				methods: readMethods(f),
				regex: toRegex(pattern)
			});
		} else if (/^\+page(\.server)?\.(ts|js|svelte)$/.test(base)) {
			const r = byDir.get(dir + ':page') ?? {
				pattern,
				params,
				file: f,
				kind: 'page' as const,
				actions: [],
				methods: ['GET'],
				regex: toRegex(pattern)
			};
			if (/^\+page\.server\.(ts|js)$/.test(base)) {
				r.file = f;
				r.actions = readActions(f);
			}
			byDir.set(dir + ':page', r);
		}
	}
	return [...byDir.values()].sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** The route a path belongs to: static segments win over parameters, as in SvelteKit. */
export function matchRoute(routes: RouteInfo[], path: string, kind?: 'page' | 'endpoint') {
	const found = routes.filter((r) => (!kind || r.kind === kind) && r.regex.test(path));
	found.sort((a, b) => a.params.length - b.params.length);
	return found[0];
}
