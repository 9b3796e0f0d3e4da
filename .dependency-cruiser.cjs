// The import rule (ARCHITECTURE.md): every layer imports only from the layers below it.
//
//   src/shared   the leaf: types and constants; imports nothing of ours, no node:*, no npm
//   src/core     the domain and its ports; imports src/shared
//   db           implements core's ports over SQLite; imports src/core and src/shared
//   src/app      the composition root; the only code besides db that imports db
//   src/host, src/cli, electron   thin adapters over src/app
//   src/ui       the renderer; imports src/shared and its own code only
//
// `npm run depcheck` runs this over the whole tree; any import against a rule, and any circle,
// fails it. Tests and bench may import any layer, but no circle.
const LAYERS = '^(src/shared|src/core|src/app|src/host|src/cli|src/ui|db|electron)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import circle (type-only imports included) leaves no file to start reading from.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-is-a-leaf',
      comment: 'src/shared is loaded by the renderer: it imports nothing but itself (no node:*, no zod).',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { pathNot: '^src/shared/' },
    },
    {
      name: 'ui-imports-shared-only',
      comment: 'The renderer imports src/shared and its own code, never a server module.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: LAYERS, pathNot: '^src/(ui|shared)/' },
    },
    {
      name: 'ui-no-node',
      comment: 'The renderer runs in a browser: no Node built-ins.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-below-db',
      comment: 'The domain defines ports; it never imports their implementations or anything above.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(db|src/app|src/host|src/cli|src/ui|electron)/' },
    },
    {
      name: 'db-below-app',
      comment: 'db implements core ports; it does not know who composes it.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^(src/app|src/host|src/cli|src/ui|electron)/' },
    },
    {
      name: 'only-app-imports-db',
      comment: 'src/app is the one composition root: the adapters reach db through it.',
      severity: 'error',
      from: { path: LAYERS, pathNot: '^(db|src/app)/' },
      to: { path: '^db/' },
    },
    {
      name: 'app-below-adapters',
      comment: 'The composition root does not import the transports built over it.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^(src/host|src/cli|src/ui|electron)/' },
    },
    {
      name: 'host-is-an-adapter',
      comment: 'The HTTP host is one transport; it does not import the other or the command line.',
      severity: 'error',
      from: { path: '^src/host/' },
      to: { path: '^(src/cli|src/ui|electron)/' },
    },
    {
      name: 'electron-is-an-adapter',
      comment:
        'The Electron shell is one transport; it does not import the other or the command line. It may start the local host (src/host/server.ts) to serve the IT screen its preview of a pack, as kiosk serve does.',
      severity: 'error',
      from: { path: '^electron/' },
      to: { path: '^(src/cli|src/host|src/ui)/', pathNot: '^src/host/server\\.ts$' },
    },
    {
      name: 'cli-is-an-adapter',
      comment: 'The command line may start the HTTP host (kiosk serve), never load Electron code.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^(src/ui|electron)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^(electron|virtual:)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|release|\\.cache|test-results|playwright-report)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.test.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.cts', '.js', '.mjs', '.cjs', '.svelte', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
