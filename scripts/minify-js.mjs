// Trunk post_build hook (Trunk.toml): minifies a release build's JavaScript in
// Trunk's staging directory, before it becomes dist/. Trunk's own JS minifier
// cannot parse wasm-bindgen's glue and ships it as it is (doc comments and
// all); terser (an npm devDependency) can. Measured on the build that brought
// it in: the glue 6.8 -> 5.3 KB and the loader 1.8 -> 0.9 KB brotli.
//
// The glue is an ES module (its top-level names are its own and may be
// shortened); loader.js and embed.js are classic scripts that run on a host's
// page, so their top-level names are left alone. index.html names the glue with
// a Subresource Integrity hash, which is recomputed for the minified file.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set: run this as a Trunk hook');

const CLASSIC_SCRIPTS = ['loader.js', 'embed.js'];
const sri = (text) => createHash('sha384').update(text).digest('base64');
const htmlFile = path.join(dir, 'index.html');
let html = fs.readFileSync(htmlFile, 'utf8');

for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.js'))) {
  const file = path.join(dir, name);
  const source = fs.readFileSync(file, 'utf8');
  // Every script but the two classic ones is wasm-bindgen's module glue.
  const glue = !CLASSIC_SCRIPTS.includes(name);
  const { code } = await minify(source, {
    module: glue,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  if (!code) throw new Error(`terser returned nothing for ${name}`);
  fs.writeFileSync(file, code);
  if (html.includes(`sha384-${sri(source)}`)) {
    html = html.replaceAll(`sha384-${sri(source)}`, `sha384-${sri(code)}`);
  } else if (glue) {
    throw new Error(`index.html does not name ${name} with its integrity hash`);
  }
}
fs.writeFileSync(htmlFile, html);
