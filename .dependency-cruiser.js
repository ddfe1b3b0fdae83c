/**
 * Import rules (docs/architecture.md, /work/shared/STYLE.md "Which folder may import which"),
 * enforced by dependency-cruiser from `npm test` (tests/architecture/imports.test.ts) and by hand
 * with `npx depcruise --config .dependency-cruiser.js <folders>`.
 *
 * The rules hold for new code now. Imports that broke them before the rules existed are listed in
 * KNOWN_VIOLATIONS below, each with why it exists and which step of issue 17 removes it; remove an
 * entry when its import goes (a known violation that no longer occurs is simply unused).
 */
const FEATURES = '(analytics|dialogs|handoff|identity|media|catalog|vision|surveys|journeys|knowledge)';
const OUTSIDE_CORE = '^(analytics|bench|bots|channels|cli|dialogs|handoff|identity|media|catalog|vision|surveys|journeys|knowledge|scripts|server|tests|testkit)/';

/** The forbidden imports. */
const forbidden = [
  {
    name: 'core-imports-no-other-folder',
    comment: 'core/ defines the interfaces the others implement or call; it imports none of them.',
    severity: 'error',
    from: { path: '^core/' },
    to: { path: OUTSIDE_CORE },
  },
  {
    name: 'channel-imports-core-only',
    comment: 'A channel is an adapter over core: it imports core/ only (and its own folder).',
    severity: 'error',
    from: { path: '^channels/' },
    to: { path: '^(analytics|bench|bots|cli|dialogs|handoff|identity|media|catalog|vision|surveys|journeys|knowledge|scripts|server|tests|testkit)/' },
  },
  {
    name: 'channel-imports-no-other-channel',
    comment: 'One channel never imports another: shared code belongs in core/.',
    severity: 'error',
    from: { path: '^channels/([^/]+)/' },
    to: { path: '^channels/', pathNot: '^channels/$1/' },
  },
  {
    name: 'features-import-no-channel',
    comment: 'Dialogs, knowledge, handoff, journeys and analytics never know a channel: differences go in capabilities.',
    severity: 'error',
    from: { path: `^${FEATURES}/` },
    to: { path: '^channels/' },
  },
  {
    name: 'features-import-no-server',
    comment: 'server/ composes the features; a feature importing it turns the composition root into a dependency.',
    severity: 'error',
    from: { path: `^(${FEATURES.slice(1, -1)}|channels)/` },
    to: { path: '^server/' },
  },
  {
    name: 'features-import-public-files-only',
    comment:
      'A feature may use another feature only through its public files (module.ts: the module and its service keys; topics.ts: its bus topics), never its internals. handoff may use knowledge for agent suggestions (STYLE.md).',
    severity: 'error',
    from: { path: `^${FEATURES}/` },
    to: { path: `^${FEATURES}/`, pathNot: ['^$1/', `^${FEATURES}/(module|topics)\\.ts$`] },
  },
  {
    name: 'bot-yaml-reader-knows-no-module',
    comment:
      "The bot.yaml reader (server/load-bot.ts) knows no module's settings: each module declares its block's schema (AppModule.config) and the reader builds the whole schema from the app's module list (server/modules.ts). core/ is covered by core-imports-no-other-folder.",
    severity: 'error',
    from: { path: '^server/load-bot\\.ts$' },
    to: { path: `^(${FEATURES.slice(1, -1)}|channels)/` },
  },
  {
    name: 'bench-imports-no-tests',
    comment: 'Benchmarks share fakes and helpers with the tests through testkit/, never by importing tests/ (fixtures are data).',
    severity: 'error',
    from: { path: '^(bench|testkit)/' },
    to: { path: '^tests/', pathNot: '^tests/fixtures/' },
  },
  {
    name: 'product-imports-no-test-code',
    comment: 'What ships never depends on tests/ or testkit/ (core/testing is the public test harness).',
    severity: 'error',
    from: { path: '^(analytics|channels|cli|core|dialogs|handoff|identity|media|catalog|vision|surveys|journeys|knowledge|server)/' },
    to: { path: '^(tests|testkit)/' },
  },
];

/**
 * Imports that broke the rules before they were enforced. Issue 17 removed the last five (sentiment
 * to core/sentiment.ts, CSAT to core/csat.ts, the console shell to core/console-shell.ts, gap
 * clustering through knowledge/module.ts); adding one here (`known(from, to, rule)`) needs a
 * justification in review and the step that removes it.
 */
const KNOWN_VIOLATIONS = [];

/** One known violation, in dependency-cruiser's baseline format. */
function known(from, to, rule) {
  return { type: 'dependency', from, to, rule: { severity: 'error', name: rule } };
}

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|^dist/' },
    tsPreCompilationDeps: true,
    // The import test also cruises small trees of its own, which have no tsconfig.
    ...(require('node:fs').existsSync('tsconfig.json') ? { tsConfig: { fileName: 'tsconfig.json' } } : {}),
    knownViolations: KNOWN_VIOLATIONS,
  },
};
