/**
 * What users' saved workflows depend on, as test/unit/public-interface.json records it: the type
 * names and versions of the two nodes and the credential, their webhooks, and each parameter's
 * name, type, default, choices and when the editor shows it. A saved workflow holds these values;
 * a change here changes what it does, or breaks it. A change that is meant is made in a new node
 * version (n8n keeps the old one for saved workflows), and the file is written again with
 * `WRITE_PUBLIC_INTERFACE=1 npx jest test/unit/publicInterface.test.ts`, its diff reviewed.
 * The words the editor shows are checked elsewhere (editorWording.test.ts, the browser suite).
 */
import path from 'node:path';

import type {
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeTypeDescription,
} from 'n8n-workflow';

import { GaardApi } from '../../credentials/GaardApi.credentials';
import { Gaard } from '../../nodes/Gaard/Gaard.node';
import { GaardTrigger } from '../../nodes/Gaard/GaardTrigger.node';
import { recordedAndNow } from '../helpers/recordedFile';

type Entry = INodeProperties | INodePropertyOptions | INodePropertyCollection;

/** A parameter, a field of a collection or a choice of a select, as a saved workflow sees it. */
function saved(entry: Entry): unknown {
	if (!('type' in entry) && 'value' in entry) return entry.value;
	if (!('type' in entry)) return { name: entry.name, values: entry.values.map(saved) };
	const {
		name,
		type,
		default: defaultValue,
		required,
		noDataExpression,
		displayOptions,
		typeOptions,
		options,
	} = entry;
	return {
		name,
		type,
		default: defaultValue,
		...(required === undefined ? {} : { required }),
		...(noDataExpression === undefined ? {} : { noDataExpression }),
		...(displayOptions === undefined ? {} : { displayOptions }),
		...(typeOptions === undefined ? {} : { typeOptions }),
		...(options === undefined ? {} : { options: (options as Entry[]).map(saved) }),
	};
}

function savedNode(description: INodeTypeDescription): unknown {
	const {
		name,
		version,
		defaultVersion,
		group,
		inputs,
		outputs,
		credentials,
		webhooks,
		usableAsTool,
		properties,
	} = description;
	return {
		name,
		version,
		...(defaultVersion === undefined ? {} : { defaultVersion }),
		group,
		inputs,
		outputs,
		credentials,
		...(webhooks === undefined ? {} : { webhooks }),
		...(usableAsTool === undefined ? {} : { usableAsTool }),
		properties: properties.map(saved),
	};
}

const credential = new GaardApi();
const { now, recorded } = recordedAndNow(
	path.join(__dirname, 'public-interface.json'),
	{
		nodes: [savedNode(new Gaard().description), savedNode(new GaardTrigger().description)],
		credentials: [{ name: credential.name, properties: credential.properties.map(saved) }],
	},
	'WRITE_PUBLIC_INTERFACE',
);

it("keeps what users' saved workflows depend on: type names, versions, webhooks and parameters", () => {
	expect(now).toEqual(recorded);
});
