// Starts the standalone app. A static file rather than Trunk's inline loader,
// so the page runs under a strict Content-Security-Policy (no inline script).
// The tag that loads this file names the hashed module and wasm files.
//
// A classic script at the end of <body>, not an async module: Chrome runs an
// async module only after the first paint and the stylesheet, ~20-30 ms after
// it has arrived; this runs as soon as it has (bench/run.mjs, first rows).
(async () => {
  const tag = document.currentScript;
  const base = document.baseURI;
  // Compiled while the JS module is imported, not after it (index.html
  // preloads both). Served without the wasm MIME type, compileStreaming
  // refuses: then the module's own init fetches and compiles it as before.
  const wasmUrl = new URL(tag.dataset.akfWasm, base);
  const wasmModule = WebAssembly.compileStreaming(fetch(wasmUrl)).catch(() => wasmUrl);
  const configUrl = new URL('config.json', base).href;
  // Read while the wasm compiles (index.html preloads it), so the app has it at
  // once; if this fails the app reads the file itself and reports why.
  const configText = fetch(configUrl)
    .then((response) => (response.ok ? response.text() : null))
    .catch(() => null);
  // The list request this address opened with last time (the app remembers it
  // when the page is left: src/state/first_request.rs), sent again now so that
  // the API's round trip and answer time overlap the wasm's download. The app
  // takes the answer only if it is exactly the request it would send itself
  // (same API base, token and path), and aborts it otherwise.
  const early = (() => {
    try {
      // The session the app will use: this tab's, else the device's (src/state/session.rs).
      // (A tab that signed out of its own session does not use the device's.)
      const stores = sessionStorage.getItem('authentik-flows-ui.signed-out') ? [sessionStorage] : [sessionStorage, localStorage];
      for (const storage of stores) {
        const session = JSON.parse(storage.getItem('authentik-flows-ui.session') ?? 'null');
        const { api_base: apiBase, token } = session ?? {};
        if (typeof token !== 'string' || typeof apiBase !== 'string' || !token.trim() || !apiBase.trim()) continue;
        const address = location.pathname + location.search;
        const remembered = JSON.parse(storage.getItem('authentik-flows-ui.first-requests') ?? '[]');
        const path = Array.isArray(remembered) ? remembered.find((r) => r?.url === address)?.path : undefined;
        // Only an endpoint path below the API base, as the app writes them
        // (never one that climbs out of it).
        if (typeof path !== 'string' || !/^[a-z_]+\//.test(path) || /\.\.|%2e|\\/i.test(path)) return undefined;
        const url = `${apiBase.replace(/\/+$/, '')}/${path}`;
        const controller = new AbortController();
        // The app's own requests give up after 30 s (src/api/client.rs): so does this one.
        const deadline = AbortSignal.timeout(30000);
        // The same request src/api/client.rs sends.
        const response = fetch(url, {
          headers: { Accept: 'application/json', Authorization: `Bearer ${token}`, 'Accept-Language': 'en' },
          credentials: 'omit',
          signal: AbortSignal.any([controller.signal, deadline]),
        });
        response.catch(() => {}); // the app reports a failure when it reads the answer
        return { url, token, response, controller, deadline };
      }
    } catch {
      // Storage unreadable (blocked, private mode): the app sends its own request.
    }
    return undefined;
  })();
  const { default: init, mount_app } = await import(new URL(tag.dataset.akfJs, base).href);
  const wasm = await init({ module_or_path: await wasmModule });
  // For the benchmarks (bench/run.mjs): how much linear memory the app holds.
  globalThis.authentikFlowsWasmBytes = () => wasm.memory.buffer.byteLength;
  // This runs while the parser waits for it, before DOMContentLoaded.
  if (document.readyState === 'loading') {
    await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
  }
  mount_app(
    document.getElementById('authentik-flows-app'),
    JSON.stringify({ standalone: true, configUrl, configText: await configText }),
    early,
  );
})().catch((error) => {
  // Not left at "Loading…" for ever: say so where the app would be.
  console.error('authentik flows: the app could not start', error);
  const place = document.getElementById('authentik-flows-app');
  if (place && place.querySelector('.akf-boot')) {
    const message = document.createElement('p');
    message.className = 'akf-boot';
    message.setAttribute('role', 'alert');
    // (Files that did not load, or a failure while starting: the console says which.)
    message.textContent = 'authentik flows could not start. Reload the page to try again; if it keeps failing, the browser console says why.';
    place.replaceChildren(message);
  }
});
