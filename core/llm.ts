import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ConfigError } from './errors';
import { lazy } from './lazy';

// Loaded by the first model call: langchain (with langsmith, ~250 modules) is needed only by a bot
// that has a model, whose client loads it anyway.
const messages = lazy(() => require('@langchain/core/messages') as typeof import('@langchain/core/messages'));

/**
 * The chat model the environment configures, or undefined when none is:
 * `LLM_PROVIDER=openai` with `OPENAI_API_KEY` (and `OPENAI_BASE_URL` for any OpenAI-compatible
 * server: vLLM, Ollama, LM Studio, Azure-style gateways), `LLM_MODEL` (default `gpt-4o-mini`).
 */
export function chatModelFromEnv(env: NodeJS.ProcessEnv): BaseChatModel | undefined {
  const provider = env.LLM_PROVIDER?.trim().toLowerCase();
  if (!provider || provider === 'none') return undefined;
  if (provider !== 'openai') {
    throw new ConfigError(`LLM_PROVIDER "${provider}" is not supported: use "openai" (any OpenAI-compatible server via OPENAI_BASE_URL) or unset it`);
  }
  const baseURL = env.OPENAI_BASE_URL?.trim() || undefined;
  const apiKey = env.OPENAI_API_KEY?.trim() || (baseURL ? 'not-needed' : undefined);
  if (!apiKey) throw new ConfigError('LLM_PROVIDER=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server)');
  // Loaded only when configured: the OpenAI client is not needed otherwise.
  const { ChatOpenAI } = require('@langchain/openai') as typeof import('@langchain/openai');
  return new ChatOpenAI({
    model: env.LLM_MODEL?.trim() || 'gpt-4o-mini',
    apiKey,
    temperature: 0,
    maxRetries: 1,
    timeout: Number(env.LLM_TIMEOUT_MS) || 20_000,
    configuration: baseURL ? { baseURL } : undefined,
  });
}

/** Calls the model with a system and a user message and returns its text. */
export async function complete(model: BaseChatModel, system: string, user: string): Promise<string> {
  const { HumanMessage, SystemMessage } = messages();
  const reply = await model.invoke([new SystemMessage(system), new HumanMessage(user)]);
  return reply.text.trim();
}

/** Translates an answer, keeping Markdown links and formatting. */
export async function translate(model: BaseChatModel, text: string, from: string, to: string): Promise<string> {
  return complete(
    model,
    `You translate customer-service answers from ${from} to ${to}. Keep Markdown, links, numbers, prices and product names exactly. Reply with the translation only.`,
    text,
  );
}
