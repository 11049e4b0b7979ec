// Embeds authentik flows in an existing page. Load it as a module from where
// the app is deployed, then either mark an element:
//
//   <div data-authentik-flows data-base="/dashboard/authentik" data-api-base="/api/v3"></div>
//   <script type="module" src="/flows-ui/embed.js"></script>
//
// or mount it yourself, e.g. with a token your page already has:
//
//   import { mount } from '/flows-ui/embed.js';
//   const app = await mount(element, { token, apiBase: '/api/v3', base: '/dashboard/authentik' });
//   element.addEventListener('authentik-flows:session-ended', async () => app.setToken(await renewToken()));
//
// Options: token, apiBase, base (the path the app's routes live under;
// default: the page's own path), configUrl, title, defaultPageSize, tokenStorage.
// A marked element gets the app's handle as `element.authentikFlows` and an
// `authentik-flows:ready` event; if the app cannot load, a message in it.
// One app per element: mounting again replaces the one there.
const here = new URL('.', import.meta.url);
let loading;

// index.html names the hashed files; read them from there so this file never changes.
async function load() {
  loading ??= (async () => {
    const response = await fetch(new URL('index.html', here), { cache: 'no-cache' });
    if (!response.ok) throw new Error(`authentik flows: index.html answered HTTP ${response.status}`);
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const tag = page.querySelector('script[data-akf-js]');
    const css = page.querySelector('link[rel="stylesheet"]');
    if (css && !document.querySelector('link[data-akf-css]')) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = new URL(css.getAttribute('href'), here).href;
      link.dataset.akfCss = '';
      document.head.append(link);
    }
    const module = await import(new URL(tag.dataset.akfJs, here).href);
    await module.default({ module_or_path: new URL(tag.dataset.akfWasm, here) });
    return module;
  })();
  // A failed load is not kept: the next mount() tries again.
  loading.catch(() => { loading = undefined; });
  return loading;
}

export async function mount(element, options = {}) {
  const module = await load();
  // `token: undefined` (a renewal that returned nothing) still says the page
  // owns the token, but JSON.stringify would drop the key: send null.
  const given = 'token' in options ? { ...options, token: options.token ?? null } : options;
  return module.mount_app(element, JSON.stringify(given));
}

for (const element of document.querySelectorAll('[data-authentik-flows]')) {
  const data = element.dataset;
  const options = {};
  if (data.apiBase) options.apiBase = data.apiBase;
  if (data.base) options.base = data.base;
  if (data.configUrl) options.configUrl = new URL(data.configUrl, document.baseURI).href;
  if (data.title) options.title = data.title;
  if (data.tokenStorage) options.tokenStorage = data.tokenStorage;
  if (data.colorScheme) options.colorScheme = data.colorScheme;
  mount(element, options).then(
    (app) => {
      element.authentikFlows = app;
      element.dispatchEvent(new CustomEvent('authentik-flows:ready', { bubbles: true, detail: app }));
    },
    (error) => {
      // Said where the app would have been, not only in the console.
      const message = document.createElement('p');
      message.setAttribute('role', 'alert');
      message.textContent = `authentik flows could not be loaded: ${error?.message ?? error}`;
      element.replaceChildren(message);
      console.error(error);
    },
  );
}
