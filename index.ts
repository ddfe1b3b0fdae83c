/**
 * Switchboard's public API: what bots, channels and plugins import (`import { Bot } from 'switchboard'`).
 */
export { Bot, BotConfigSchema, type BotConfig, type BotConfigInput } from './core/bot';
export { Composer, MiddlewareError, type Middleware, type MiddlewareFn, type NextFunction } from './core/composer';
export { TurnContext, SendContext, type ChannelInfo } from './core/context';
export { Engine, type EngineOptions } from './core/engine';
export {
  RICH_CAPABILITIES,
  type Capabilities,
  type ChannelAdapter,
  type ChannelHost,
  type SendResult,
  type Accepted,
} from './core/channel';
export { channel, type ChannelDefinition, type ChannelModule, type ChannelContext } from './core/channel-module';
export type { Message, InboundDraft, OutboundDraft, Reply, Button, Attachment, Author, Direction, WireMessage } from './core/message';
export { toWire, toDraft } from './core/message';
export type { Customer, CustomerProfile, Conversation, ConversationState, Address } from './core/customer';
export { render, splitText, numberedList, chooseButton } from './core/render';
export { formatMarkdown, plainText, PLAIN_TEXT, type MarkdownDialect, type Marks } from './core/markdown/format';
export { handleWebhook, verifyHmac, parseRetryAfter, type WebhookSpec } from './core/webhook';
export { json, readValidJson, safeEqual, validate, validParams, validQuery, type ValidationWording } from './core/http';
export type { DeliveryReport } from './core/storage/delivery';
export { ChannelSendError, ConfigError, RequestError, SwitchboardError, UnavailableError, VersionConflictError } from './core/errors';
export type { Store, TurnCommit, IntakeResult, MessageQuery } from './core/storage/store';
export type { SqlDriver, Migration } from './core/storage/sql';
export { SqlStore } from './core/storage/sql-store';
export { SqliteDriver } from './core/storage/sqlite';
export { MemoryBus, Topics, topic, type EventBus, type Topic } from './core/bus';
export { LocalLock, type ConversationLock, type LockToken } from './core/lock';
export { createLogger, silentLogger, redactPII, type Logger } from './core/logger';
export { Metrics } from './core/metrics';
export { TestBot, TestChannel, TestConversation, type Expectation } from './core/testing/harness';
export { newId } from './core/ids';
export { Services, serviceKey, Answerer, Escalator, KnowledgeSearch, type ServiceKey, type Answer, type Citation, type EscalationRequest } from './core/services';
export type { AppModule, ModuleContext, ModuleMiddleware, ModuleRoutes, ModuleJob } from './core/module';
export type { CustomerData, CustomerSubject } from './core/customer-data';
export {
  dialog,
  DialogBuilder,
  dialogActions,
  addDialogs,
  inDialog,
  isGreeting,
  currentSlots,
  setLanguage,
  DialogRuntime,
  type DialogAction,
  type Dialog,
  type DialogInput,
} from './dialogs';
export { runConversationTests, type ConversationTestResult } from './server/conversation-tests';
