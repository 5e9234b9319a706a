import { Marked, type Token, type Tokens, type TokensList } from 'marked';
import type { Body, Chunk } from './schema';

const entities: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => entities[c] ?? c);

// The content is ours, but a stray tag must never reach the page as markup: raw HTML is shown
// escaped and images as their alt text (the validator also rejects both).
const marked = new Marked({
	gfm: true,
	breaks: false,
	renderer: {
		html: ({ text }) => escapeHtml(text),
		image: ({ text }) => escapeHtml(text)
	}
});

/** Top-level tokens that make no chunk of their own. */
const noChunk = new Set(['space', 'def', 'hr']);

function inlineText(tokens: Token[] | undefined): string {
	return (tokens ?? [])
		.map((t) => {
			switch (t.type) {
				case 'br':
					return '\n';
				case 'html':
				case 'image':
					return '';
				default:
					return 'tokens' in t && t.tokens ? inlineText(t.tokens) : 'text' in t ? t.text : '';
			}
		})
		.join('');
}

/** Plain text of block tokens: one line per paragraph, heading, quote line or list item. */
function blockText(tokens: Token[]): string {
	return tokens
		.map((t) => {
			switch (t.type) {
				case 'paragraph':
				case 'heading':
					return inlineText(t.tokens);
				case 'text':
					return t.tokens ? inlineText(t.tokens) : t.text;
				case 'blockquote':
					return blockText(t.tokens ?? []);
				case 'list':
					return (t as Tokens.List).items.map((i) => blockText(i.tokens)).join('\n');
				case 'code':
					return t.text;
				default:
					return '';
			}
		})
		.filter((s) => s.trim() !== '')
		.join('\n');
}

/** What the body uses that docs/content.md forbids: raw HTML, images, links to other hosts. */
function forbidden(tokens: Token[], out = new Map<string, string>()): Map<string, string> {
	// One message per kind is enough to find the problem; `<b>…</b>` would otherwise give two.
	const add = (kind: string, message: string) => {
		if (!out.has(kind)) out.set(kind, message);
	};
	for (const t of tokens) {
		if (t.type === 'html') add('html', `raw HTML is not allowed: ${t.raw.trim().slice(0, 40)}`);
		if (t.type === 'image') add('image', `images are not allowed: ${t.raw.trim().slice(0, 40)}`);
		if (t.type === 'link' && /^([a-z][a-z0-9+.-]*:|\/\/)/i.test((t as Tokens.Link).href))
			add('link', `links to other hosts are not allowed: ${(t as Tokens.Link).href}`);
		if (t.type === 'list') for (const item of (t as Tokens.List).items) forbidden(item.tokens, out);
		else if ('tokens' in t && t.tokens) forbidden(t.tokens, out);
	}
	return out;
}

/**
 * Renders an activity body once: HTML for the page, plain text, and the chunks (paragraph
 * blocks) the group reads aloud one at a time. `problems` lists forbidden constructs.
 */
export function renderBody(markdown: string): Body & { problems: string[] } {
	const tokens = marked.lexer(markdown);
	const chunks: Chunk[] = [];
	for (const token of tokens) {
		if (noChunk.has(token.type)) continue;
		const one = Object.assign([token], { links: tokens.links }) as TokensList;
		const html = marked.parser(one).trim();
		const text = blockText([token]).trim();
		if (html) chunks.push({ html, text });
	}
	return {
		html: chunks.map((c) => c.html).join('\n'),
		text: chunks
			.map((c) => c.text)
			.filter(Boolean)
			.join('\n'),
		chunks,
		problems: [...forbidden(tokens).values()]
	};
}
