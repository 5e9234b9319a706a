// `npm run minka -- <command> [options]`: operations from the shell. Each command is a module.
import { commands } from './registry';

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;

if (!command) {
	const list = Object.entries(commands)
		.map(([n, c]) => `  ${n.padEnd(16)} ${c.summary}`)
		.join('\n');
	process.stderr.write(`Usage: npm run minka -- <command> [options]\n\nCommands:\n${list}\n`);
	process.exit(name ? 2 : 0);
}

try {
	const code = await command.run(args);
	process.exit(code ?? 0);
} catch (e) {
	process.stderr.write(`${(e as Error).message}\n`);
	process.exit(1);
}
