/**
 * Architecture rules checked by `npm run boundaries` (part of `npm test`), as DESIGN.md draws them:
 * src/core is pure; src/app is the only hub (use cases and ports); adapters import app ports and core,
 * never each other; front ends reach the service only through src/app; only the composition root
 * wires adapters together.
 */
const ports = '^src/app/ports/';
const core = '^src/core/';
/** Node's modules that do I/O: files, network, processes, threads, the terminal, the host. */
const ioModules = '^(fs|fs/promises|net|http|https|http2|dgram|dns|child_process|cluster|worker_threads|tls|os|process|readline)$';

/** A rule that `from` may import only what `allowed` matches (besides itself, npm packages and Node). */
function only(name, comment, from, allowed) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: from },
    to: { pathNot: [...allowed, '^node_modules/'], dependencyTypesNot: ['core'] },
  };
}

module.exports = {
  forbidden: [
    only('core-is-pure', 'src/core imports nothing of ours outside itself.', '^src/core/', [core]),
    {
      name: 'core-has-no-io',
      comment: 'src/core does no file, network, process or clock I/O: those arrive as arguments.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'], path: ioModules },
    },
    only('app-is-the-hub', 'src/app holds use cases and ports over the core; it imports no adapter.', '^src/app/', ['^src/app/', core]),
    {
      name: 'app-has-no-io',
      comment: 'src/app reads no files and opens no connection: resources, the store, the SII and the queue arrive through its ports.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { dependencyTypes: ['core'], path: ioModules },
    },
    {
      name: 'app-imports-no-library',
      comment: 'src/app imports no library but zod: logging (pino), search (MiniSearch, stemmers) and the rest arrive through ports implemented outside it.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown', 'unknown'], pathNot: '^(node_modules/)?zod(/|$)' },
    },
    only('ports-are-ports', 'src/app/ports holds interfaces and their constants only: no use case, no adapter.', ports, [ports, core]),
    only(
      'driven-adapters-import-ports',
      'The store, the SII client, the job runners, the notifiers, the PDF renderer, the mailbox, the resource files and the knowledge search implement app ports over the core.',
      '^src/(store|sii|queue|notify|pdf|mail|resources|search)/',
      [ports, core, '^src/$1/'],
    ),
    only('local-sii-stands-alone', 'The local SII is the SII of the tests and the demo: the core and the schema adapter only.', '^src/sii-sim/', ['^src/sii-sim/', core, '^src/schema/']),
    only('cert-reads-and-plans', 'src/cert reads the set de pruebas and plans its documents: pure, over the core.', '^src/cert/', ['^src/cert/', core]),
    only('schema-adapter', 'The XSD adapter implements the core\'s schema port.', '^src/schema/', ['^src/schema/', core]),
    only('config-reads-the-environment', 'src/config validates the environment with the core\'s types only.', '^src/config/', ['^src/config/', core]),
    only('observability-stands-alone', 'Logs and metrics depend on nothing of ours.', '^src/observability/', ['^src/observability/']),
    only('tokens', 'Local tokens: the app\'s roles over the core.', '^src/tokens/', ['^src/tokens/', ports, core]),
    only('local-credentials', 'The local test authority and demo company use app services and ports over the core.', '^src/local/', ['^src/local/', '^src/app/', core]),
    only(
      'http-is-a-front-end',
      'The HTTP API reaches the service through app ports only; configuration and observability are given to it.',
      '^src/http/',
      ['^src/http/', ports, core, '^src/config/config\\.ts$', '^src/observability/'],
    ),
    only(
      'cli-is-a-front-end',
      'The dte command composes its own adapters for standalone commands, but never the HTTP API, the store (but for `dte backup` and `dte restore`, which own it while the service is stopped) or the queue.',
      '^src/cli/',
      ['^src/cli/', '^src/app/', core, '^src/cert/', '^src/config/', '^src/sii/', '^src/sii-sim/', '^src/schema/', '^src/local/', '^src/tokens/', '^src/pdf/', '^src/observability/', '^src/composition/resources\\.ts$', '^src/store/backup\\.ts$'],
    ),
    only(
      'agent-front-ends',
      'The agent, its tools and Slack reach the service through src/app only (ports and services), over the core.',
      '^(src/agent|src/slack|tools)/',
      ['^src/(agent|slack)/', '^tools/', '^src/app/', core, '^src/observability/'],
    ),
    only(
      'eval-runner',
      'The eval runner starts the whole service through the composition root and drives it over HTTP; it reaches no adapter itself.',
      '^evals/',
      ['^evals/', '^src/app/', core, '^src/observability/', '^src/service\\.ts$', '^src/config/'],
    ),
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs'] },
  },
};
