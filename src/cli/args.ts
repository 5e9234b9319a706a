/** Minimal option parsing: --name value, --flag, and positionals. */
export function parseArgs(args: string[]) {
	const options: Record<string, string | true> = {};
	const positionals: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const a = args[i]!;
		if (a.startsWith('--')) {
			const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
			const next = args[i + 1];
			if (v !== undefined) options[k] = v;
			else if (next !== undefined && !next.startsWith('--')) {
				options[k] = next;
				i++;
			} else options[k] = true;
		} else positionals.push(a);
	}
	return { options, positionals };
}
