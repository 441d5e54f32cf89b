import { shownUrl } from '../../nodes/Gaard/transport/download';
import { fileNameFromDisposition, videoType } from '../../nodes/Gaard/transport/videoFileName';
import { resultItem } from '../../nodes/Gaard/actions/resultItem';
import { parseGaardResult } from '../../nodes/Gaard/GaardResult';
import { docExamplePayload } from '../fixtures';

describe('a video URL in messages', () => {
	it('keeps scheme, host and path, and drops the query, user info and fragment', () => {
		const url = new URL(
			'https://operator:pa55@recorder.example.com:8443/exports/cam%2008/clip.mp4?X-Sig=abc123&exp=1#t=5',
		);
		expect(shownUrl(url)).toBe('https://recorder.example.com:8443/exports/cam%2008/clip.mp4');
	});
});

describe("the clip's file name from Content-Disposition", () => {
	it.each([
		['attachment; filename="north gate.mp4"', 'north gate.mp4'],
		['attachment; filename=clip.mov', 'clip.mov'],
		["attachment; filename*=UTF-8''cam%C3%A9ra%201.mp4", 'caméra 1.mp4'],
		['attachment; filename="../../etc/passwd"', 'passwd'],
		['attachment; filename="C:\\exports\\cam.mp4"', 'cam.mp4'],
		['attachment; filename="cam\u0007\u001b.mp4"', 'cam.mp4'],
		['attachment; filename=".."', undefined],
		['attachment; filename="..."', undefined],
		['attachment; filename=".hidden.mp4"', '.hidden.mp4'],
		['inline', undefined],
		['attachment; filename=cam\u007f".mp4', 'cam.mp4'],
		['attachment; filename="  spaced.mp4  "', 'spaced.mp4'],
		['attachment; FILENAME = "upper.mp4"', 'upper.mp4'],
		['attachment; filename="plain.mp4"; filename*=UTF-8\'\'extended.mp4', 'extended.mp4'],
		['attachment; filename="plain.mp4"; filename*=UTF-8\'\'broken%E0.mp4', 'plain.mp4'],
		["attachment; filename*=UTF-8''broken%E0.mp4", undefined],
		["attachment; filename*=UTF-8'en'dir%2Fclip.mp4", 'clip.mp4'],
		['attachment; filename = "north gate.mp4"', 'north gate.mp4'],
		["attachment; filename* = UTF-8''north%20gate.mp4", 'north gate.mp4'],
		['attachment; filename="clip."', 'clip.'],
	])('%s gives %s', (header, name) => {
		// Paths and control characters are dropped, never passed on to Gaard.
		expect(fileNameFromDisposition(header)).toBe(name);
	});

	it('ignores a header too long to be honest, over 1024 characters', () => {
		expect(
			fileNameFromDisposition(`attachment; filename="${'a'.repeat(2000)}.mp4"`),
		).toBeUndefined();
		const header = (length: number) =>
			`attachment; filename="${'b'.repeat(length - 'attachment; filename=""'.length)}"`;
		expect(fileNameFromDisposition(header(1024))).toBe('b'.repeat(200));
		expect(fileNameFromDisposition(header(1025))).toBeUndefined();
	});

	it('keeps at most 200 characters of a name', () => {
		expect(fileNameFromDisposition(`attachment; filename="${'c'.repeat(300)}"`)).toBe(
			'c'.repeat(200),
		);
	});
});

describe('the type Gaard is told of a downloaded clip', () => {
	it.each([
		['video/x-flv', 'clip.bin', 'video/x-flv'],
		['application/mp4', 'clip.bin', 'application/mp4'],
		['application/octet-stream', 'clip.MP4', 'video/mp4'],
		['', 'clip.m4v', 'video/mp4'],
		['', 'clip.mov', 'video/quicktime'],
		['', 'clip.mkv', 'video/x-matroska'],
		['', 'clip.webm', 'video/webm'],
		['', 'clip.avi', 'video/x-msvideo'],
		['', 'clip.ts', 'video/mp2t'],
		['', 'clip.mp4.part', 'application/octet-stream'],
		['', 'clip', 'application/octet-stream'],
		['binary/octet-stream', 'video', 'application/octet-stream'],
	])('sent as "%s" and named %s: %s', (contentType, name, type) => {
		expect(videoType(contentType, name)).toBe(type);
	});
});

describe('the output item of a classification', () => {
	const parsed = parseGaardResult(docExamplePayload());
	if (!parsed.ok) throw new Error('the docs example must parse');

	it("carries the input's binary entries themselves, not a copy", () => {
		const binary = {
			data: {
				data: '',
				id: 'filesystem-v2:workflows/1/executions/2/binary_data/3',
				mimeType: 'video/mp4',
				fileName: 'gate.mp4',
			},
		};
		const item = resultItem(parsed.value, 4, binary);
		expect(item.binary).toBe(binary);
		expect(item.pairedItem).toEqual({ item: 4 });
	});

	it('has no binary key when there is none to keep', () => {
		expect(resultItem(parsed.value, 0, {})).not.toHaveProperty('binary');
		expect(resultItem(parsed.value, 0)).not.toHaveProperty('binary');
	});
});
