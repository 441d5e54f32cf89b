/**
 * A multipart/form-data body that streams its file part.
 *
 * n8n's HTTP helper hands the body to axios, which turns any spec-compliant FormData (an object
 * with `append`, `entries`, an iterator and the `FormData` string tag) into a stream, taking each
 * part's length from its `size`. A file part can then be any blob-like object that yields its
 * bytes from an async iterator: here, n8n's binary stream of the file, so a video stored on disk
 * is never read into memory (a reliance on n8n: n8nQuirks.ts). No import beyond the standard
 * library is needed (the verification rules forbid the `form-data` package).
 */

/**
 * A file part: its bytes come from `open()`, called once per send. Without a `size` the body is
 * sent without Content-Length (chunked), as for a download whose server did not say its length.
 */
export interface MultipartFile {
	name: string;
	type: string;
	size?: number;
	open: () => AsyncIterable<Uint8Array> | Promise<AsyncIterable<Uint8Array>>;
}

/** The blob-like shape axios reads a file part from. */
class StreamedFilePart {
	/** Why the file's bytes stopped coming, if they did: the upload then fails for that reason. */
	failure: unknown;

	/** The file's bytes being read, one source per send still under way. */
	private readonly reading = new Set<AsyncGenerator<Uint8Array>>();

	constructor(private readonly file: MultipartFile) {}

	get name() {
		return this.file.name;
	}

	get type() {
		return this.file.type;
	}

	get size() {
		return this.file.size;
	}

	async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
		const chunks = this.checkedChunks();
		this.reading.add(chunks);
		try {
			for (;;) {
				const next = await chunks.next().catch((error: unknown) => this.fail(error));
				if (next.done) break;
				yield next.value;
			}
		} finally {
			// If the upload stopped reading (aborted, refused), this closes the source, e.g. a
			// download; after the last chunk it does nothing.
			this.reading.delete(chunks);
			await chunks.return(undefined).catch(() => undefined);
		}
	}

	/** Closes the sources a send left unread (see StreamingMultipartBody.close). */
	close(): void {
		for (const chunks of this.reading) void chunks.return(undefined).catch(() => undefined);
		this.reading.clear();
	}

	private async *checkedChunks(): AsyncGenerator<Uint8Array> {
		let sent = 0;
		for await (const chunk of await this.file.open()) {
			sent += chunk.byteLength;
			yield chunk;
		}
		// The Content-Length was promised from `size`: a short file would leave Gaard waiting.
		if (this.file.size !== undefined && sent !== this.file.size) {
			throw new RangeError(
				`The file "${this.file.name}" has ${sent} bytes, but ${this.file.size} were announced`,
			);
		}
	}

	private fail(error: unknown): never {
		this.failure = error;
		throw error;
	}
}

type Part = [name: string, value: string | StreamedFilePart];

export class StreamingMultipartBody {
	readonly parts: Part[] = [];

	append(name: string, value: string | MultipartFile): void {
		this.parts.push([name, typeof value === 'string' ? value : new StreamedFilePart(value)]);
	}

	entries(): IterableIterator<Part> {
		return this.parts[Symbol.iterator]();
	}

	[Symbol.iterator](): IterableIterator<Part> {
		return this.entries();
	}

	get [Symbol.toStringTag](): string {
		return 'FormData';
	}

	/**
	 * Closes the file parts' sources (a download) that a send stopped reading midway. The HTTP
	 * client does not close them itself when the connection drops: it stops reading the body and
	 * leaves it, and a download would stay open. Called once the send is over; a source read to
	 * its end is closed already.
	 */
	close(): void {
		for (const [, value] of this.parts) if (value instanceof StreamedFilePart) value.close();
	}

	/**
	 * Why a file part's bytes stopped coming, if they did. The HTTP client reports such an upload
	 * as a broken connection; this is the reason to give the user instead.
	 */
	sourceFailure(): unknown {
		for (const [, value] of this.parts)
			if (value instanceof StreamedFilePart && value.failure) return value.failure;
		return undefined;
	}
}

/** A file part for bytes already in memory (n8n's in-memory binary mode). */
export function fileFromBuffer(name: string, type: string, buffer: Uint8Array): MultipartFile {
	return {
		name,
		type,
		size: buffer.byteLength,
		open: async function* () {
			yield buffer;
		},
	};
}
