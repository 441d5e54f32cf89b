/**
 * `npm run simulator [-- --port 4100 --token T --processing-ms 300 --webhook [flow=]URL ...]`
 * Starts the Gaard simulator on 127.0.0.1 and prints its URL and token (as JSON on the last
 * line, for scripts). Runs until Ctrl-C.
 */
import { DEFAULT_FLOW, startSimulator } from './simulator';

function parseArgs(argv: string[]) {
	const options: {
		port?: number;
		token?: string;
		processingMs?: number;
		webhooks: Record<string, string[]>;
	} = {
		webhooks: {},
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, value] = [argv[i], argv[i + 1]];
		if (flag === '--port') options.port = Number(value);
		else if (flag === '--token') options.token = value;
		else if (flag === '--processing-ms') options.processingMs = Number(value);
		else if (flag === '--webhook') {
			const match = /^([\w-]+)=(https?:.*)$/.exec(value);
			const [flow, url] = match ? [match[1], match[2]] : [DEFAULT_FLOW, value];
			(options.webhooks[flow] ??= []).push(url);
		} else continue;
		i++;
	}
	return options;
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const simulator = await startSimulator({
		port: options.port ?? Number(process.env.GAARD_SIMULATOR_PORT ?? 4100),
		token: options.token ?? process.env.GAARD_SIMULATOR_TOKEN,
		processingMs: options.processingMs,
		webhooks: options.webhooks,
	});
	process.stdout.write(
		[
			'Gaard simulator running (Ctrl-C to stop)',
			`  URL:     ${simulator.url}   (credential: Environment "Custom", Base URL this)`,
			`  Token:   ${simulator.token}`,
			`  Tenants: ${simulator.tenants.join(', ')}`,
			`  Control: ${simulator.url}/_simulator (state), PUT /_simulator/webhooks/<flow> {"urls":[...]}`,
			JSON.stringify({ url: simulator.url, token: simulator.token }),
			'',
		].join('\n'),
	);
	const stop = () => void simulator.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
