import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { GaardResult } from '../GaardResult';
import { toGaardItem } from '../GaardResult';

/** The output item of a result fetched from Gaard: the trigger's shape, paired with its input. */
export function resultItem(result: GaardResult, itemIndex: number): INodeExecutionData {
	return { json: toGaardItem(result, 'api') as IDataObject, pairedItem: { item: itemIndex } };
}
