import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { MediaFetchOptions } from '../../core/channel';
import { RequestError } from '../../core/errors';
import { fetchProviderFile, isProviderUrl } from '../../core/media';
import type { Attachment } from '../../core/message';

/**
 * Where Teams keeps files that need the bot's token: inline images of a chat
 * (`smba.trafficmanager.net/…/v3/attachments/…`, `*.asm.skype.com/v1/objects/…`) and the
 * Bot Framework's own hosts. The conversation's own `serviceUrl` counts too (a regional or
 * sovereign-cloud connector, a fake one in tests).
 */
const TOKEN_HOSTS = /^(smba\.trafficmanager\.net|([a-z0-9-]+\.)*asm\.skype\.com|([a-z0-9-]+\.)*botframework\.com)$/;

/** Where Teams hands out pre-authenticated download links (a file shared in chat): fetched without the token. */
const DOWNLOAD_HOSTS = /^([a-z0-9-]+\.)*sharepoint\.com$/;

/** The Azure app the bot runs as, to get the token Teams' file hosts want. */
export interface TeamsApp {
  appId?: string;
  appPassword?: string;
  appType?: string;
  tenantId?: string;
  /** `ToChannelFromBotLoginUrl` and `ToChannelFromBotOAuthScope`, when overridden. */
  loginUrl: string;
  oauthScope: string;
}

/**
 * Fetches a file a Teams customer sent: with the bot's token on Teams' file hosts (and the
 * conversation's `serviceUrl` origin), without any on SharePoint's pre-authenticated links;
 * any other URL is refused before a request is made, so the token never leaves Microsoft.
 */
export async function fetchTeamsFile(app: TeamsApp, attachment: Attachment, serviceUrl: string | undefined, options: MediaFetchOptions): Promise<Response> {
  const url = attachment.url;
  if (!url || !/^https?:/.test(url)) throw new RequestError(404, 'This Teams attachment has no file URL');
  const what = 'the Teams file';
  if (isProviderUrl(url, TOKEN_HOSTS, serviceUrl)) {
    const headers: Record<string, string> = app.appId ? { authorization: `Bearer ${await botToken(app)}` } : {};
    return fetchProviderFile(url, { ...options, what, headers });
  }
  if (isProviderUrl(url, DOWNLOAD_HOSTS)) return fetchProviderFile(url, { ...options, what, headers: {} });
  throw new RequestError(502, `Refusing to fetch ${new URL(url).host} for a Teams file: it is neither a Teams file host nor the conversation's service`);
}

/** The bot's Bot Framework token, through botbuilder's credentials (cached by botbuilder until it expires). */
async function botToken(app: TeamsApp): Promise<string> {
  const factory = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: app.appId,
    MicrosoftAppPassword: app.appPassword,
    MicrosoftAppType: app.appType,
    MicrosoftAppTenantId: app.tenantId,
  });
  const credentials = await factory.createCredentials(app.appId ?? '', app.oauthScope, app.loginUrl, true);
  // botbuilder's app credentials (password, certificate, managed identity) all have getToken;
  // its class lives in botframework-connector, which we do not depend on directly.
  const getToken = 'getToken' in credentials ? credentials.getToken : undefined;
  if (typeof getToken !== 'function') throw new RequestError(502, 'The bot’s Microsoft credentials give no token for Teams files');
  let token: unknown;
  try {
    token = await getToken.call(credentials);
  } catch (err) {
    throw new RequestError(502, `Could not get the bot's token for a Teams file: ${(err as Error).message}`);
  }
  if (typeof token !== 'string' || !token) throw new RequestError(502, 'The bot’s Microsoft credentials gave an empty token for Teams files');
  return token;
}
