/**
 * What a downloaded video is called and what type Gaard is told, from what the server says of it:
 * the name its Content-Disposition gives, else the last step of its URL's path; the type the server
 * names when it is a video's, else the one its name's extension says.
 */

/** A longer Content-Disposition is not read: no file name needs it. */
const MAX_DISPOSITION_CHARS = 1024;
/** The longest file name given to Gaard. */
const MAX_FILE_NAME_CHARS = 200;

/** The type given to Gaard when the server names none, or only a generic one. */
const TYPE_BY_EXTENSION: Record<string, string> = {
	mp4: 'video/mp4',
	m4v: 'video/mp4',
	mov: 'video/quicktime',
	mkv: 'video/x-matroska',
	webm: 'video/webm',
	avi: 'video/x-msvideo',
	ts: 'video/mp2t',
};

/** `clip.mp4` from `attachment; filename="clip.mp4"` (or its RFC 5987 form), without any path. */
export function fileNameFromDisposition(disposition: string | undefined): string | undefined {
	if (!disposition || disposition.length > MAX_DISPOSITION_CHARS) return undefined;
	const extended = /filename\*\s*=\s*[\w-]*'[^']*'([^;]+)/i.exec(disposition);
	const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;\s]+)/i.exec(disposition);
	return cleanFileName(decoded(extended?.[1]) ?? plain?.[1] ?? plain?.[2]);
}

/** `text` with its %-escapes decoded; undefined when there is none, or an escape is broken. */
function decoded(text: string | undefined): string | undefined {
	try {
		return text === undefined ? undefined : decodeURIComponent(text);
	} catch {
		return undefined;
	}
}

function cleanFileName(name: string | undefined): string | undefined {
	const printable = [...(name?.split(/[\\/]/).pop() ?? '')].filter(
		(char) => char >= ' ' && char !== '\u007f' && char !== '"',
	);
	const cleaned = printable.join('').trim().slice(0, MAX_FILE_NAME_CHARS);
	return cleaned && !/^\.+$/.test(cleaned) ? cleaned : undefined;
}

function fileNameFromPath(url: URL): string | undefined {
	const last = url.pathname.split('/').pop();
	return cleanFileName(decoded(last) ?? last);
}

function extensionOf(name: string): string {
	return /\.([a-z0-9]{1,5})$/i.exec(name)?.[1].toLowerCase() ?? '';
}

/** The video's file name: its Content-Disposition's, else its URL's last step, else `video`. */
export function videoFileName(disposition: string | undefined, url: URL): string {
	return fileNameFromDisposition(disposition) ?? fileNameFromPath(url) ?? 'video';
}

/** The type Gaard is told: the server's own when it names a video's, else the one the name's extension says. */
export function videoType(contentType: string, name: string): string {
	return contentType.startsWith('video/') || contentType === 'application/mp4'
		? contentType
		: (TYPE_BY_EXTENSION[extensionOf(name)] ?? 'application/octet-stream');
}
