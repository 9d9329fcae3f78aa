// A page that starts the browser worker bundle of the language server and speaks LSP to it with
// nothing but postMessage, as any client in a browser does. The worker's own requests (settings,
// capability registrations, file reads) are answered as a client without files would.

/** The page's HTML; the page is served from the repository root, so the worker is at /out/web/. */
export const WORKER_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>worker</title></head><body><script>
const worker = new Worker('/out/server/language-server.js');
let next = 1;
const waiting = new Map();
const notifications = [];
const asked = [];
worker.onmessage = ({ data }) => {
    if (data.id !== undefined && data.method === undefined) {
        waiting.get(data.id)?.(data);
        waiting.delete(data.id);
        return;
    }
    if (data.id === undefined) {
        notifications.push(data);
        return;
    }
    // A request from the server.
    asked.push(data.method);
    let result = null;
    if (data.method === 'workspace/configuration') result = data.params.items.map(() => null);
    worker.postMessage({ jsonrpc: '2.0', id: data.id, result });
};
window.lsp = {
    request: (method, params) => new Promise(done => {
        const id = next++;
        waiting.set(id, done);
        worker.postMessage({ jsonrpc: '2.0', id, method, params });
    }),
    notify: (method, params) => worker.postMessage({ jsonrpc: '2.0', method, params }),
    notifications: () => notifications,
    asked: () => asked
};
</script></body></html>`;
