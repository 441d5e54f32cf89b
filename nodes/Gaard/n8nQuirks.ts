/**
 * Everything this package relies on in n8n beyond its documented node API, in one place.
 *
 * Each quirk says what n8n does, on which versions it was seen, and what would let it go. Each
 * names its canary: an end-to-end test, run on every supported n8n line (and weekly on n8n's
 * latest), that checks n8n's own behaviour, not the package's, and so fails the day n8n changes it.
 * A failing canary says which quirk to drop or adapt; `test/unit/n8nQuirks.test.ts` checks that
 * every quirk here names a canary that exists.
 *
 * The code of a quirk lives here. A quirk that is a rule the code elsewhere follows (a name to
 * avoid, a shape to keep) is written down here and points to where the rule is kept.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
	WebhookType,
} from 'n8n-workflow';

/**
 * Quirk: static data written by a webhook that starts an execution.
 *
 * n8n saves a workflow's static data after a webhook request only if it is marked changed, and an
 * assignment into it marks it. n8n 2.x builds the execution's workflow on the same static data
 * object, and building it clears the mark (n8n-workflow's ObservableObject.create) before the
 * request's save: a value the trigger changed (the deduplication window, the cooldowns) would be
 * lost whenever the delivery starts an execution; a key it adds is kept. Seen in 2.41.1; 1.123.81
 * saves both. n8n reads the answer's `webhookResponse` after starting the execution and before
 * saving, so assigning the keys the delivery wrote again there marks the data changed and keeps
 * them. Marking is idempotent, so reading the answer at any other time is harmless; a delivery
 * that wrote nothing marks nothing. The trigger's test server (test/helpers/triggerServer.ts)
 * saves static data as 2.41.1 does, so that the integration tests meet this too.
 *
 * Lets go when n8n saves what a webhook wrote whether or not it starts an execution.
 * Canary: test/e2e/n8n-quirks.e2e.test.ts, "quirk: static data written by a webhook that starts an execution".
 */
export function acceptWithExecution(
	workflowData: INodeExecutionData[][],
	answer: IDataObject,
	staticData: IDataObject,
	writtenKeys: ReadonlyArray<string | undefined>,
): IWebhookResponseData {
	return {
		workflowData,
		get webhookResponse() {
			for (const key of writtenKeys) {
				// A write that was not due (undefined) has nothing to mark.
				const stored = key && staticData[key];
				if (stored) staticData[key!] = stored;
			}
			return answer;
		},
	};
}

/**
 * Quirk: the authenticated request helper's abort signal.
 *
 * `helpers.httpRequestWithAuthentication` sets the request's `abortSignal` to the caller's
 * `getExecutionCancelSignal()` (the `this` it is called with), replacing any signal the options
 * carry (seen in 2.41.1 and 1.123.81): the attempt's time limit would be dropped. Here the options
 * keep `signal`, which heeds that same cancel signal already (the transport's `cancelSignalOf`
 * asks the same `this`), and n8n's assignment is ignored. The property is enumerable because the
 * credential's `authenticate` copies the options with a spread.
 *
 * Lets go when n8n combines its cancel signal with the options' own.
 * Canary: test/e2e/n8n-quirks.e2e.test.ts, "quirk: the authenticated request helper's abort signal".
 */
export function abortWith(options: IHttpRequestOptions, signal: AbortSignal): void {
	Object.defineProperty(options, 'abortSignal', {
		enumerable: true,
		get: () => signal,
		set: () => {},
	});
}

/**
 * Quirk: an execute context with a cancel signal of its own.
 *
 * n8n has no way to give a node's work a cancel signal beyond the execution's. This is the node's
 * context with `getExecutionCancelSignal` also firing on `stop`, so that when one item fails (without
 * Continue On Fail) the others stop at once, as they would if the execution were cancelled. It
 * relies on n8n's context working through a Proxy (its methods, called on the Proxy, read the
 * context through it: n8n's contexts have no private fields) and on n8n's request helpers asking
 * the `this` they are called with for the cancel signal (seen in 2.41.1 and 1.123.81), so that
 * `stop` also aborts n8n's request under way.
 *
 * Lets go when n8n offers a child context or a per-call cancel signal.
 * Canary: test/e2e/n8n-quirks.e2e.test.ts, "quirk: an execute context with a cancel signal of its own".
 */
export function stoppableContext(context: IExecuteFunctions, stop: AbortSignal): IExecuteFunctions {
	const cancel = context.getExecutionCancelSignal();
	const signal = cancel ? AbortSignal.any([cancel, stop]) : stop;
	return new Proxy(context, {
		get: (target, property) =>
			property === 'getExecutionCancelSignal'
				? () => signal
				: Reflect.get(target, property, target),
	});
}

/**
 * Quirk: a node run as an agent's tool.
 *
 * n8n runs a `usableAsTool` node for an AI agent under a node type of its own, the node's type
 * with `Tool` appended (`n8n-nodes-gaard.gaardTool`), and nothing else tells the node: the
 * execute context's `isToolExecution()` answers false in 2.41.1, whose agent has the workflow
 * engine run a tool node as an ordinary node, and does not exist in 1.123.81. What n8n does with
 * a tool's failure differs too: 2.41.1 hands the model the error's message without its
 * description, 1.123.81 fails the agent's whole run. So the router answers a tool's failures
 * itself (actions/agentTool.ts). Seen in 2.41.1 and 1.123.81.
 *
 * Lets go when the execute context says, on every supported line, whether it runs as a tool.
 * Canary: test/e2e/n8n-quirks.e2e.test.ts, "quirk: a node run as an agent's tool".
 */
export function runsAsAgentTool(context: Pick<IExecuteFunctions, 'getNode'>): boolean {
	return context.getNode().type.endsWith('Tool');
}

/** The request a webhook node reads, as n8n hands it over. */
export type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']>;

/**
 * Quirk: the bytes of a JSON body n8n did not parse.
 *
 * n8n parses `application/json` itself. A body of another JSON type (`application/...+json`) it
 * reads unparsed into `request.rawBody` for a webhook node at version 1, and leaves unread at later
 * versions, where `request.readRawBody()` reads it with n8n's payload limit and gzip (seen in
 * 2.41.1 and 1.123.81). n8n-workflow types both on every incoming request, but n8n's docs promise
 * neither. Throws n8n's error when the body cannot be read (its `status` is 413 when the body is
 * over n8n's limit).
 *
 * Lets go when n8n parses every JSON type, or gives webhook nodes the raw body in its API.
 * Canary: test/e2e/n8n-quirks.e2e.test.ts, "quirk: the bytes of a JSON body n8n did not parse".
 */
export async function readUnparsedBody(request: WebhookRequest): Promise<Buffer> {
	// n8n's reader reads once: at version 1 the bytes are already there and are left as they are.
	await request.readRawBody();
	return request.rawBody;
}

/**
 * Quirk: a webhook node at version 1.
 *
 * For any webhook node at typeVersion 1, n8n evaluates `$parameter["options"]["binaryData"]` in
 * its expression sandbox on every request (`parseRequestBody` in n8n's webhook-helpers.js), which
 * builds a sandbox before the trigger runs: the Gaard Trigger's version 1.1 exists for that alone
 * (GaardTrigger.node.ts). Seen in 2.41.1; n8n 1.123.81 builds its sandboxes for every webhook.
 *
 * Lets go when n8n stops treating version 1 apart (1.1 stays: saved workflows have it).
 * Canary: test/e2e/n8n-quirks.e2e.test.ts, "quirk: a webhook node at version 1".
 */

/**
 * Quirk: zod from n8n.
 *
 * The package has no runtime dependencies (n8n's verification forbids them), yet imports `zod` and
 * `n8n-workflow`: n8n puts its own module folders on NODE_PATH before it loads community packages
 * (`init` in its load-nodes-and-credentials.js), so both resolve from the n8n that loads the
 * package (seen in 2.41.1 and 1.123.81, both with zod 3.25). GaardResult.ts uses only what zod 3
 * and 4 share.
 *
 * Lets go when n8n gives community nodes a validation API of its own, or allows dependencies.
 * Canary: test/e2e/n8n-quirks.e2e.test.ts, "quirk: zod from n8n".
 */

/**
 * Quirk: n8n's wording of an API error.
 *
 * `NodeApiError` replaces the message it is given with its own generic one when the error object
 * has a `code` it knows (ECONNREFUSED, ETIMEDOUT...) or the message quotes one (seen in 2.41.1 and
 * 1.123.81). So the error details never use those keys (`gaardApiError` in transport/errors.ts)
 * and network failures are put in words (`networkFailureWords` in transport/http.ts).
 *
 * Lets go when n8n keeps a message it is given.
 * Canary: test/e2e/n8n-quirks.e2e.test.ts, "quirk: n8n's wording of an API error".
 */

/**
 * Quirk: a request body that streams.
 *
 * n8n's HTTP helper passes a body object on only if n8n-workflow's `isObjectEmpty` says it is not
 * empty (an iterable object never is), and hands it to axios, which streams any object shaped like
 * a spec-compliant FormData: `append`, `entries`, an iterator and the `FormData` string tag (seen
 * in 2.41.1 and 1.123.81). `StreamingMultipartBody` (transport/multipart.ts) is such an object.
 *
 * Lets go when n8n's HTTP helper takes a stream as a body with its own headers.
 * Canary: test/e2e/n8n-quirks.e2e.test.ts, "quirk: a request body that streams".
 */

/**
 * Quirk: a webhook named beyond n8n's types.
 *
 * n8n-workflow types a webhook's name as `default` or `setup`, yet n8n registers, routes and names
 * a webhook of any name (`getWebhookName()`, `getNodeWebhookUrl(name)`) and runs the webhook
 * methods named after it, if any (seen in 2.41.1 and 1.123.81). The trigger's mute links have a
 * webhook of their own, `mute`, with no webhook methods; the name is cast here alone.
 *
 * Lets go when n8n's types take any webhook name.
 * Canary: test/e2e/n8n-quirks.e2e.test.ts, "quirk: a webhook named beyond n8n's types".
 */
export const MUTE_WEBHOOK = 'mute' as WebhookType;

/**
 * Quirk: a webhook that answers itself and starts an execution.
 *
 * A webhook node that writes the HTTP answer itself returns `noWebhookResponse`; with
 * `workflowData` beside it, n8n still starts the execution, and saves the static data when it
 * learns that the node answered, before it builds the execution's workflow (seen in 2.41.1 and
 * 1.123.81), so a change made there is kept (unlike acceptWithExecution's case). The mute page's
 * button answers with a page and announces the mute to the workflow this way.
 *
 * Lets go when n8n lets a node answer with a page through its API.
 * Canary: test/e2e/n8n-quirks.e2e.test.ts, "quirk: a webhook that answers itself and starts an execution".
 */
export function answeredWithExecution(
	workflowData: INodeExecutionData[][] | undefined,
): IWebhookResponseData {
	// n8n starts nothing when `workflowData` is undefined, as when it is absent.
	return { noWebhookResponse: true, workflowData };
}

/**
 * Quirk: a text answer sent as it is.
 *
 * A webhook node's `webhookResponse` that is a string, with no execution to start, is sent by n8n
 * as it is (Express's `send`), with the headers the node set on the response and the status of
 * the webhook's `responseCode` (200 when it has none), and only once n8n has saved the workflow's
 * static data (seen in 2.41.1 and 1.123.81). A node that sends its answer itself gets it there
 * first, and the save comes after. The mute page's answer to its button is sent this way, so that
 * a result that reaches another n8n process right after it finds the mute saved.
 *
 * Lets go when n8n lets a node answer with a page of its own once its static data is saved.
 * Canary: test/e2e/n8n-quirks.e2e.test.ts, "quirk: a text answer sent as it is".
 */
export function pageSentByN8n(body: string): IWebhookResponseData {
	return { webhookResponse: body };
}
