import type { Bot } from '../core/bot';
import { ConfigError } from '../core/errors';
import type { AppModule, ModuleContext, ModuleRoutes } from '../core/module';

/**
 * Checks the modules of an app before anything starts: names are unique and every module a
 * module `requires` is there. A missing one fails start-up naming both, not at the first message.
 */
export function checkModules(modules: AppModule[]): void {
  const names = new Set<string>();
  for (const module of modules) {
    if (names.has(module.name)) throw new ConfigError(`Two modules are called "${module.name}": give each module of an app its own name`);
    names.add(module.name);
  }
  for (const module of modules) {
    for (const needed of module.requires ?? []) {
      if (!names.has(needed)) throw new ConfigError(`Module "${module.name}" requires module "${needed}", which this app does not load: add it to the app's modules`);
    }
  }
}

/**
 * Wires what a module declares (rather than does in `setup`): validates its `bot.yaml` block,
 * adds its middleware where it asked, registers its jobs on the scheduler and builds its routes.
 * Runs before the module's own `setup`, in module order, so `early`/`late` keep pipeline order.
 */
export function wireDeclarations(module: AppModule, ctx: ModuleContext, mounts: ModuleRoutes[]): void {
  if (module.config) validateBlock(module, ctx.bot);
  for (const { place, handler } of module.middleware ?? []) (place === 'early' ? ctx.early : ctx.late).use(handler);
  for (const job of module.jobs ?? []) ctx.scheduler.on(job.name, (payload) => job.run(payload, ctx));
  if (module.routes) mounts.push(module.routes(ctx));
}

/** After every module's setup: each service a module says it provides is there. */
export function checkProvided(modules: AppModule[], bot: Bot): void {
  for (const module of modules) {
    for (const key of module.provides ?? []) {
      if (!bot.services.has(key)) throw new ConfigError(`Module "${module.name}" declares it provides the "${key.id}" service but did not provide it during setup`);
    }
  }
}

function validateBlock(module: AppModule, bot: Bot): void {
  const block = (Object.entries(bot.config) as Array<[string, unknown]>).find(([key]) => key === module.name)?.[1];
  const result = module.config!.safeParse(block ?? {});
  if (result.success) return;
  const problems = result.error.issues.map((issue) => `${[module.name, ...issue.path.map(String)].join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid "${module.name}" settings in bot.yaml:\n  ${problems.join('\n  ')}`);
}
