import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy } from 'n8n-workflow';

const LEVELS = ['error', 'warn', 'info', 'debug'] as const;

/**
 * Captures every line logged from now on, through n8n-core's Logger (a node's `this.logger`)
 * and n8n-workflow's LoggerProxy, for tests that check what reaches n8n's log.
 */
export function captureLogs(): string[] {
	const lines: string[] = [];
	const record = (level: string) => (message: unknown, meta?: unknown) => {
		lines.push(`${level} ${String(message)} ${JSON.stringify(meta ?? {})}`);
	};
	const logger = Container.get(Logger);
	for (const level of LEVELS) jest.spyOn(logger, level).mockImplementation(record(level));
	LoggerProxy.init(Object.fromEntries(LEVELS.map((level) => [level, record(level)])) as never);
	return lines;
}
