import type { IBinaryKeyData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { toGaardItem } from '../gaardItem';
import type { GaardResult } from '../GaardResult';

/**
 * The output item of a result fetched from Gaard: the trigger's shape, paired with its input, and
 * carrying `binary` when given (the input's own entries: n8n keeps the bytes once, by reference).
 */
export function resultItem(
	result: GaardResult,
	itemIndex: number,
	binary?: IBinaryKeyData,
): INodeExecutionData {
	return {
		json: toGaardItem(result, 'api') as IDataObject,
		...(binary && Object.keys(binary).length ? { binary } : {}),
		pairedItem: { item: itemIndex },
	};
}
