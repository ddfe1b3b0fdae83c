import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { TurnContext } from '../core/context';
import { lazy } from '../core/lazy';
import type { Photo } from '../core/services';

const messages = lazy(() => require('@langchain/core/messages') as typeof import('@langchain/core/messages'));

/** What the model is asked: facts a help-centre search can use, nothing invented. */
export const DESCRIBE_PROMPT =
  'You describe a customer-service photo for a help-centre search. In at most three short sentences, in English, say what object it shows (device, label, product, receipt), its brand and model if visible, and copy exactly any error code, message or number shown on a display or label. Say only what is visible; if nothing useful is visible, reply "nothing useful".';

/**
 * A vision-capable chat model's description of a photo (through langchain, the image as a data
 * URL), used as more text for the knowledge search. Undefined when the model saw nothing useful or
 * failed: a description is a bonus, never a reason to lose the photo's reading.
 */
export async function describePhoto(model: BaseChatModel, photo: Photo, ctx: TurnContext): Promise<string | undefined> {
  const { HumanMessage } = messages();
  const url = `data:${photo.mimeType};base64,${Buffer.from(photo.bytes).toString('base64')}`;
  try {
    const reply = await model.invoke([
      new HumanMessage({
        content: [
          { type: 'text', text: DESCRIBE_PROMPT },
          { type: 'image_url', image_url: { url } },
        ],
      }),
    ]);
    const text = reply.text.trim();
    return text && !/^nothing useful\.?$/i.test(text) ? text : undefined;
  } catch (err) {
    ctx.log.warn({ err }, 'describing the photo failed; using what OCR and barcodes read');
    return undefined;
  }
}
