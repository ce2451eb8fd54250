// Bundles the operator into one ES module with esbuild (a devDependency, through tsx): one file
// instead of ~480 modules costs Node less to load and keep (bench/README.md, "Memory").
//   node hack/image/bundle.mjs <entry.ts> <outfile> [--minify-whitespace|--minify]
// Node's builtins are read through require() (see builtinsThroughRequire); prom-client's
// Pushgateway is left out (noPushgateway).
// @kubernetes/client-node stays external: it is imported lazily, only for exec plugins and auth
// providers, from node_modules.
import { builtinModules } from 'node:module';
import { build } from 'esbuild';

const BUILTIN = new RegExp(`^(node:.*|${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);

/**
 * `import http from 'node:http'` in an ES module makes Node build the module's whole export
 * namespace, which runs every lazy getter of the builtin: importing node:http that way loads
 * undici, http2, worker_threads and web streams, node:crypto loads WebCrypto (~9 MiB resident
 * for nothing). The bundle reads Node's builtins through require(), as CommonJS does: the same
 * module objects, with their lazy parts left lazy.
 */
const builtinsThroughRequire = {
  name: 'builtins-through-require',
  setup(b) {
    b.onResolve({ filter: BUILTIN }, (args) =>
      args.kind === 'import-statement' ? { path: args.path, namespace: 'builtin-require' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/**
 * prom-client's index requires its Pushgateway eagerly, and with it node:zlib (~0.6 MiB resident);
 * the operator only serves /metrics, it never pushes. The bundle gets a stub that says so if used.
 */
const noPushgateway = {
  name: 'no-pushgateway',
  setup(b) {
    b.onLoad({ filter: /[\\/]prom-client[\\/]lib[\\/]pushgateway\.js$/ }, () => ({
      contents:
        "module.exports = class Pushgateway { constructor() { throw new Error('prom-client Pushgateway: not in this bundle (hack/image/bundle.mjs)'); } };",
      loader: 'js',
    }));
  },
};

const [entry, outfile, ...rest] = process.argv.slice(2);
if (!entry || !outfile) {
  process.stderr.write(
    'usage: node hack/image/bundle.mjs <entry.ts> <outfile> [--minify-whitespace|--minify]\n',
  );
  process.exit(2);
}
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  external: ['@kubernetes/client-node'],
  // The bundled CommonJS dependencies (winston, nunjucks, ...) call require() for Node's builtins.
  banner: {
    js: "import { createRequire as __autopilotCreateRequire } from 'node:module';\nconst require = __autopilotCreateRequire(import.meta.url);",
  },
  minifyWhitespace: rest.includes('--minify-whitespace') || rest.includes('--minify'),
  minifySyntax: rest.includes('--minify-whitespace') || rest.includes('--minify'),
  minifyIdentifiers: rest.includes('--minify'),
  keepNames: rest.includes('--minify'),
  plugins: [builtinsThroughRequire, noPushgateway],
  logLevel: 'warning',
});
