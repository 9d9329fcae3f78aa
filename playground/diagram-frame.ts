// Loaded in diagram.html before the plan diagram's view (client/diagram-view, the extension's own):
// what VS Code gives a webview, here a frame of the playground's page, which answers its messages.
let state: unknown;
(window as unknown as { acquireVsCodeApi(): unknown }).acquireVsCodeApi = () => ({
    postMessage: (message: unknown) => window.parent.postMessage(message, window.location.origin),
    getState: () => state,
    setState: (value: unknown) => {
        state = value;
    }
});
