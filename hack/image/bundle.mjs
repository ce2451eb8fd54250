// Bundles the operator into one ES module with esbuild (a devDependency, through tsx): one file
// instead of ~480 modules costs Node less to load and keep (bench/README.md, "Memory").
//   node hack/image/bundle.mjs <entry.ts> <outfile> [--minify-whitespace|--minify]
// @kubernetes/client-node stays external: it is imported lazily, only for exec plugins and auth
// providers, from node_modules.
import { build } from 'esbuild';

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
  logLevel: 'warning',
});
