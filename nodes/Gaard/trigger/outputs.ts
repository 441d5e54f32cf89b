/**
 * The trigger's outputs: one, or "Result" and "Error" when error results have an output of their
 * own (Error Results), and "Mutes" last when Announce Mutes is on. New outputs only ever come last,
 * so that a saved workflow's connections keep their places.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { TriggerSettings } from './settings';

const output = (displayName: string) =>
	`{ "type": "${NodeConnectionTypes.Main}", "displayName": "${displayName}" }`;

/** The description's `outputs`: the editor draws them from the parameters. */
const outputsByParameters =
	`$parameter.announceMutes === true ` +
	`? ($parameter.errorResults === "separateOutput" ? [${output('Result')}, ${output('Error')}, ${output('Mutes')}] : [${output('Result')}, ${output('Mutes')}]) ` +
	`: ($parameter.errorResults === "separateOutput" ? [${output('Result')}, ${output('Error')}] : ["${NodeConnectionTypes.Main}"])`;
export const TRIGGER_OUTPUTS = `={{ ${outputsByParameters} }}` as const;

/** What one request starts the workflow with: a result's item, announcements of mutes, or both. */
export interface TriggerEmission {
	result?: { item: INodeExecutionData; isError: boolean };
	announcements?: INodeExecutionData[];
}

/** The workflow data of an emission, each item on its output; undefined when it holds nothing. */
export function workflowDataOf(
	settings: Pick<TriggerSettings, 'errorResults' | 'announceMutes'>,
	{ result, announcements = [] }: TriggerEmission,
): INodeExecutionData[][] | undefined {
	if (!result && !(settings.announceMutes && announcements.length)) return undefined;
	const errorsApart = settings.errorResults === 'separateOutput';
	const outputs: INodeExecutionData[][] = errorsApart ? [[], []] : [[]];
	if (result) outputs[errorsApart && result.isError ? 1 : 0].push(result.item);
	if (settings.announceMutes) outputs.push(announcements);
	return outputs;
}
