// Read before the editor's script (the larger of the two): the language server's worker starts
// reading its own script meanwhile, and playground.js takes it over (main.ts).
(window as { segplanWorker?: Worker }).segplanWorker = new Worker(new URL('language-server.js', document.baseURI));
