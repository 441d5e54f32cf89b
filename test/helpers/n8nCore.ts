/**
 * Runs this package's nodes inside n8n-core's real execution contexts (ExecuteContext,
 * WebhookContext, HookContext): parameters, expressions, credentials checks, binary data and
 * the HTTP helpers are n8n's own. What n8n-core does not ship (the CLI's credential store and
 * its webhook HTTP layer) is stood in for here, as thinly as possible.
 */
import {
	BinaryDataService,
	ExecuteContext,
	FileLocation,
	HookContext,
	WebhookContext,
} from 'n8n-core';
import type { Readable } from 'node:stream';
import { Container } from '@n8n/di';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IBinaryData,
	IDataObject,
	IExecuteData,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, Workflow, createRunExecutionData } from 'n8n-workflow';

import { GaardApi } from '../../credentials/GaardApi.credentials';
import { Gaard } from '../../nodes/Gaard/Gaard.node';
import { GaardTrigger } from '../../nodes/Gaard/GaardTrigger.node';

export const PACKAGE = 'n8n-nodes-gaard';
export const GAARD_NODE_TYPE = `${PACKAGE}.gaard`;
/** The Gaard node as n8n runs it for an AI agent: a type of its own, the node's with `Tool` appended. */
export const GAARD_TOOL_NODE_TYPE = `${GAARD_NODE_TYPE}Tool`;
export const TRIGGER_NODE_TYPE = `${PACKAGE}.gaardTrigger`;

/** The node n8n makes of the Gaard node for an agent, as far as its execution sees it: the same node under the tool's name. */
function asAgentTool(node: Gaard): INodeType {
	node.description = { ...node.description, name: `${node.description.name}Tool` };
	return node;
}

const nodeTypeInstances: Record<string, INodeType> = {
	[GAARD_NODE_TYPE]: new Gaard(),
	[GAARD_TOOL_NODE_TYPE]: asAgentTool(new Gaard()),
	[TRIGGER_NODE_TYPE]: new GaardTrigger(),
};

export const nodeTypes: INodeTypes = {
	getByName: (type) => nodeTypeInstances[type],
	getByNameAndVersion: (type) => nodeTypeInstances[type],
	getKnownTypes: () => ({}),
};

const credentialTypes: Record<string, ICredentialType> = { gaardApi: new GaardApi() };

/**
 * The stand-in for n8n's credential store: it hands the node the credential's data and applies
 * the credential type's own `authenticate` (the real code of GaardApi).
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const authenticate = credentialTypes[typeName]?.authenticate;
		if (typeof authenticate !== 'function')
			throw new Error(`no function authenticate for ${typeName}`);
		return await authenticate(credentials, requestOptions as IHttpRequestOptions);
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these nodes');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`no test credential of type ${type}`);
		return { ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type]?.properties ?? [];
	}
}

export const WEBHOOK_BASE_URL = 'http://127.0.0.1:5678/webhook';
export const WEBHOOK_TEST_BASE_URL = 'http://127.0.0.1:5678/webhook-test';

export function additionalDataFor(
	credentials: Record<string, ICredentialDataDecryptedObject> = {},
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new TestCredentialsHelper(credentials),
		executionId: `test-${Date.now()}`,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: WEBHOOK_BASE_URL,
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: WEBHOOK_TEST_BASE_URL,
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		logAiEvent: () => {},
		...extra,
	} as IWorkflowExecuteAdditionalData;
}

export function gaardCredential(
	url: string,
	token: string,
	tenant = '',
): ICredentialDataDecryptedObject {
	return { environment: 'custom', baseUrl: url, accessToken: token, tenant };
}

let binaryReady: Promise<void> | undefined;

/** n8n's binary data store in filesystem mode (its default), under N8N_USER_FOLDER. */
export async function binaryDataService(): Promise<BinaryDataService> {
	const service = Container.get(BinaryDataService);
	binaryReady ??= service.init();
	await binaryReady;
	return service;
}

/** Stores a file in n8n's filesystem binary store, as "Read/Write Files from Disk" would. */
export async function filesystemBinary(
	content: Buffer | Readable,
	fileName: string,
	mimeType = 'video/mp4',
): Promise<IBinaryData> {
	const service = await binaryDataService();
	return await service.store(FileLocation.ofExecution('wf-test', 'exec-1'), content, {
		data: '',
		fileName,
		mimeType,
	});
}

/** A binary as n8n's in-memory mode keeps it: the bytes, base64, in the item. */
export function memoryBinary(
	content: Buffer,
	fileName: string,
	mimeType = 'video/mp4',
): IBinaryData {
	return { data: content.toString('base64'), fileName, mimeType, fileSize: String(content.length) };
}

export function workflowWith(node: INode, staticData: IDataObject = {}, id = 'wf-test'): Workflow {
	return new Workflow({
		id,
		name: 'test workflow',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData,
	});
}

export interface RunNodeOptions {
	parameters: INode['parameters'];
	items?: INodeExecutionData[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	continueOnFail?: boolean;
	/** Run the node as an AI agent's tool. */
	asAgentTool?: boolean;
	abortSignal?: AbortSignal;
}

/** n8n-core's ExecuteContext for a Gaard action node with these parameters and input items. */
export function gaardExecuteContext(options: RunNodeOptions): ExecuteContext {
	const node: INode = {
		id: 'gaard-node',
		name: 'Gaard',
		type: options.asAgentTool ? GAARD_TOOL_NODE_TYPE : GAARD_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { gaardApi: { id: 'cred-1', name: 'Gaard account' } },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const workflow = workflowWith(node);
	const items = options.items ?? [{ json: {} }];
	const inputData = { main: [items] };
	const executeData: IExecuteData = { node, data: inputData, source: null };
	return new ExecuteContext(
		workflow,
		node,
		additionalDataFor(options.credentials),
		'manual',
		createRunExecutionData(),
		0,
		items,
		inputData,
		executeData,
		[],
		options.abortSignal,
	);
}

/** Runs the Gaard action node's `execute` in n8n-core's ExecuteContext. */
export async function runGaardNode(options: RunNodeOptions): Promise<INodeExecutionData[][]> {
	const context = gaardExecuteContext(options);
	return (await nodeTypeInstances[context.getNode().type].execute!.call(
		context,
	)) as INodeExecutionData[][];
}

/** Runs the Gaard node against a Gaard (the simulator), and returns the items of its one output. */
export async function runGaardNodeAgainst(
	gaard: { url: string; token: string },
	parameters: INodeParameters,
	items?: INodeExecutionData[],
	continueOnFail = false,
): Promise<INodeExecutionData[]> {
	const credentials = { gaardApi: gaardCredential(gaard.url, gaard.token) };
	const [output] = await runGaardNode({ parameters, items, credentials, continueOnFail });
	return output;
}

/** The version a new Gaard Trigger gets in n8n's editor. */
export const TRIGGER_DEFAULT_VERSION =
	nodeTypeInstances[TRIGGER_NODE_TYPE].description.defaultVersion!;

export function triggerNode(
	parameters: INode['parameters'],
	withCredential = false,
	typeVersion = TRIGGER_DEFAULT_VERSION,
): INode {
	return {
		id: 'gaard-trigger',
		name: 'Gaard Trigger',
		type: TRIGGER_NODE_TYPE,
		typeVersion,
		position: [0, 0],
		webhookId: 'c0ffee00-0000-4000-8000-000000000001',
		parameters,
		...(withCredential
			? { credentials: { gaardApi: { id: 'cred-1', name: 'Gaard account' } } }
			: {}),
	};
}

export function webhookDataFor(
	workflow: Workflow,
	node: INode,
	name = 'default',
	isTest = false,
	httpMethod?: string,
): IWebhookData {
	const description = nodeTypeInstances[TRIGGER_NODE_TYPE].description.webhooks!.find(
		(webhook) => webhook.name === name && (!httpMethod || webhook.httpMethod === httpMethod),
	)!;
	return {
		httpMethod: description.httpMethod as IWebhookData['httpMethod'],
		node: node.name,
		path: String(description.path),
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalDataFor(),
		webhookId: node.webhookId,
		isTest,
	};
}

/** Runs one of the trigger's webhookMethods (checkExists, create, delete) in a HookContext. */
export async function runTriggerHook(
	method: 'checkExists' | 'create' | 'delete',
	parameters: INode['parameters'],
	options: {
		credentials?: Record<string, ICredentialDataDecryptedObject>;
		mode?: WorkflowExecuteMode;
		/** The workflow's static data, which the hook may write into. */
		staticData?: IDataObject;
	} = {},
): Promise<boolean> {
	const node = triggerNode(parameters, Boolean(options.credentials));
	const workflow = workflowWith(node, options.staticData);
	const additionalData = additionalDataFor(options.credentials);
	const context = new HookContext(
		workflow,
		node,
		additionalData,
		options.mode ?? 'trigger',
		'activate',
		webhookDataFor(workflow, node),
	);
	const trigger = nodeTypeInstances[TRIGGER_NODE_TYPE] as GaardTrigger;
	return await trigger.webhookMethods.default[method].call(context);
}

export { WebhookContext };
