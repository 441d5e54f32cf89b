import { StreamingMultipartBody, fileFromBuffer } from '../../nodes/Gaard/transport/multipart';
import type { MultipartFile } from '../../nodes/Gaard/transport/multipart';
import { when } from '../helpers/when';

/** The file part of a body holding `file`, as axios reads it. */
function filePartOf(file: MultipartFile) {
	const body = new StreamingMultipartBody();
	body.append('flow', 'default');
	body.append('video', file);
	const [, part] = body.parts[1];
	if (typeof part === 'string') throw new Error('expected a file part');
	return { body, part };
}

/** A file whose bytes come in `chunks`, recording whether its source was closed. */
function watchedFile(chunks: string[], size?: number) {
	const source = { closed: false };
	const file: MultipartFile = {
		name: 'clip.mp4',
		type: 'video/mp4',
		size,
		open: async function* () {
			try {
				for (const chunk of chunks) yield Buffer.from(chunk);
			} finally {
				source.closed = true;
			}
		},
	};
	return { file, source };
}

async function bytesOf(part: AsyncIterable<Uint8Array>): Promise<string> {
	const chunks: Uint8Array[] = [];
	for await (const chunk of part) chunks.push(chunk);
	return Buffer.concat(chunks).toString();
}

describe('a streamed multipart body', () => {
	it('is a FormData to axios: its parts in order, by entries and by iteration', () => {
		const { body } = filePartOf(fileFromBuffer('clip.mp4', 'video/mp4', Buffer.from('bytes')));
		expect(Object.prototype.toString.call(body)).toBe('[object FormData]');
		expect([...body].map(([name]) => name)).toEqual(['flow', 'video']);
		expect([...body.entries()].map(([name]) => name)).toEqual(['flow', 'video']);
		expect(body.parts[0]).toEqual(['flow', 'default']);
	});

	it("announces the file's name, type and size, and yields its bytes", async () => {
		const { part } = filePartOf(
			fileFromBuffer('clip.mp4', 'video/mp4', Buffer.from('video bytes')),
		);
		expect([part.name, part.type, part.size]).toEqual(['clip.mp4', 'video/mp4', 11]);
		expect(await bytesOf(part)).toBe('video bytes');
	});

	it('closes the source when the upload stops reading, and after the last chunk', async () => {
		const stopped = watchedFile(['a', 'b', 'c']);
		const reader = filePartOf(stopped.file).part[Symbol.asyncIterator]();
		await reader.next();
		expect(stopped.source.closed).toBe(false);
		await reader.return?.(undefined);
		expect(stopped.source.closed).toBe(true);

		const read = watchedFile(['a', 'b']);
		expect(await bytesOf(filePartOf(read.file).part)).toBe('ab');
		expect(read.source.closed).toBe(true);
	});

	it('closes the source of a send its reader left midway without a word, once the body is closed', async () => {
		const left = watchedFile(['a', 'b', 'c']);
		const { body, part } = filePartOf(left.file);
		const reader = part[Symbol.asyncIterator]();
		await reader.next();
		// The HTTP client stops reading when the connection drops, and neither ends nor returns it.
		body.close();
		await when(() => left.source.closed);

		const whole = watchedFile(['a', 'b']);
		const sent = filePartOf(whole.file);
		expect(await bytesOf(sent.part)).toBe('ab');
		sent.body.close();
		expect(whole.source.closed).toBe(true);
	});

	it('fails a file shorter or longer than announced, and gives that as the reason the upload stopped', async () => {
		for (const [announced, bytes] of [
			[10, 'short'],
			[2, 'long'],
		] as const) {
			const { body, part } = filePartOf(watchedFile([bytes], announced).file);
			await expect(bytesOf(part)).rejects.toThrow(
				`The file "clip.mp4" has ${bytes.length} bytes, but ${announced} were announced`,
			);
			expect(body.sourceFailure()).toBeInstanceOf(RangeError);
		}
	});

	it('sends a file of unannounced size whatever its length, and has no failure to give', async () => {
		const { body, part } = filePartOf(watchedFile(['any', 'length']).file);
		expect(part.size).toBeUndefined();
		expect(await bytesOf(part)).toBe('anylength');
		expect(body.sourceFailure()).toBeUndefined();
	});

	it('gives the error of a source that broke off as the reason', async () => {
		const broken = new Error('the disk is gone');
		const { body, part } = filePartOf({
			name: 'clip.mp4',
			type: 'video/mp4',
			open: async function* () {
				yield Buffer.from('a');
				throw broken;
			},
		});
		await expect(bytesOf(part)).rejects.toBe(broken);
		expect(body.sourceFailure()).toBe(broken);
	});

	it('gives the error of the file that broke off when the body holds more than one', async () => {
		const broken = new Error('the second disk is gone');
		const body = new StreamingMultipartBody();
		body.append('video', fileFromBuffer('first.mp4', 'video/mp4', Buffer.from('whole')));
		body.append('thumbnail', {
			name: 'second.jpg',
			type: 'image/jpeg',
			open: async function* () {
				yield Buffer.from('a');
				throw broken;
			},
		});
		for (const [, part] of body.parts)
			if (typeof part !== 'string') await bytesOf(part).catch(() => undefined);
		expect(body.sourceFailure()).toBe(broken);
	});
});
