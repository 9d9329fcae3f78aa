/**
 * Whether a source document's `url` may be shown as a link: an absolute http(s) address without
 * spaces, quotes, angle brackets or parentheses, which would end a Markdown link early or smuggle
 * text into it.
 */
export function isDocumentUrl(url: string): boolean {
    if (!/^https?:\/\/[^\s"'<>()\\`]+$/.test(url)) return false;
    try {
        return ['http:', 'https:'].includes(new URL(url).protocol);
    } catch {
        return false;
    }
}
