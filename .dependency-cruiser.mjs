/**
 * The layers of docs/architecture.md, checked on every `npm run lint`: each rule names a folder and what it
 * may not import. Tests are outside the rules (they assemble what they test).
 */
const notTests = '\\.test\\.tsx?$';

export default {
  forbidden: [
    {
      name: 'domain-imports-only-domain',
      comment: 'the model and its vocabularies stand alone: domain imports nothing of ours outside domain',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: notTests },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'cores-import-no-edges',
      comment: 'formats, matching, extract and search are pure cores: no store, web or cli',
      severity: 'error',
      from: { path: '^src/(formats|matching|extract|search)/', pathNot: notTests },
      to: { path: '^src/(store|web|cli)/' },
    },
    {
      name: 'store-imports-no-web-or-cli',
      comment: 'the store serves the web app and the CLI, and knows neither',
      severity: 'error',
      from: { path: '^src/store/', pathNot: notTests },
      to: { path: '^src/(web|cli)/' },
    },
    {
      name: 'services-import-no-edges',
      comment:
        'the workflows, figures, accounts, workers and demo data serve the web app and the CLI, and know neither',
      severity: 'error',
      from: { path: '^src/(analytics|editorial|responses|accounts|workers|demo)/', pathNot: notTests },
      to: { path: '^src/(web|cli)/' },
    },
    {
      name: 'web-imports-no-cli',
      comment:
        'the web app and the command line are two edges; neither imports the other (cli may share web modules)',
      severity: 'error',
      from: { path: '^src/web/', pathNot: notTests },
      to: { path: '^src/cli/' },
    },
    {
      name: 'cli-imports-no-routes',
      comment: 'a command shares modules with the web app, never its routes',
      severity: 'error',
      from: { path: '^src/cli/', pathNot: notTests },
      to: { path: '^src/web/routes/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
};
