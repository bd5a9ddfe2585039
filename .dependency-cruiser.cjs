/** Architecture rules checked by `npm run boundaries` (part of `npm test`). */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core imports nothing of ours outside itself, and no I/O module of Node.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: {
        pathNot: ['^src/core/', '^node_modules/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'core-has-no-io',
      comment: 'src/core does no file, network, process or clock I/O: those arrive as arguments.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: {
        dependencyTypes: ['core'],
        path: '^(fs|fs/promises|net|http|https|http2|dgram|dns|child_process|cluster|worker_threads|tls|os|process|readline)$',
      },
    },
    {
      name: 'pdf-is-an-adapter',
      comment: 'src/pdf (the printed representation) imports src/core and the ports of src/app only.',
      severity: 'error',
      from: { path: '^src/pdf/' },
      to: { path: '^src/', pathNot: ['^src/pdf/', '^src/core/', '^src/app/ports\\.ts$'] },
    },
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
