// Starts the standalone app. A static file rather than Trunk's inline loader,
// so the page runs under a strict Content-Security-Policy (no inline script).
// The tag that loads this file names the hashed module and wasm files.
const tag = document.querySelector('script[data-akf-js]');
const base = document.baseURI;
const configUrl = new URL('config.json', base).href;
// Read while the wasm compiles (index.html preloads it), so the app has it at
// once; if this fails the app reads the file itself and reports why.
const configText = fetch(configUrl)
  .then((response) => (response.ok ? response.text() : null))
  .catch(() => null);
const { default: init, mount_app } = await import(new URL(tag.dataset.akfJs, base).href);
const wasm = await init({ module_or_path: new URL(tag.dataset.akfWasm, base) });
// For the benchmarks (bench/run.mjs): how much linear memory the app holds.
globalThis.authentikFlowsWasmBytes = () => wasm.memory.buffer.byteLength;
// An async module can run before the page has been parsed.
if (document.readyState === 'loading') {
  await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
}
mount_app(
  document.getElementById('authentik-flows-app'),
  JSON.stringify({ standalone: true, configUrl, configText: await configText }),
);
