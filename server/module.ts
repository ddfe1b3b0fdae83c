/**
 * The module contract moved to core (core/module.ts) so features need not import `server/`;
 * re-exported here for code not yet moved.
 */
export type { AppModule, ModuleContext, UpgradeHandler } from '../core/module';
