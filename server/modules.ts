import type { AppModule } from './module';
import { knowledgeModule } from '../knowledge/module';

/**
 * The feature modules every app runs, in pipeline order: their `early` middleware runs in this
 * order before the bot's own, their `late` middleware in this order after it.
 */
export function defaultModules(): AppModule[] {
  return [knowledgeModule()];
}
