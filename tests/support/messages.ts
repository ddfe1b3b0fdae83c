import { newId } from '../../core/ids';
import type { Message } from '../../core/message';

/** The bot's reply to the stored message `to`, as a turn commits it: pending, same channel and address. */
export function pendingReply(to: Message, text: string): Message {
  return {
    id: newId('msg_'),
    channel: to.channel,
    direction: 'outbound',
    author: 'bot',
    customerId: to.customerId,
    conversationId: to.conversationId,
    address: to.address,
    text,
    inReplyTo: to.id,
    status: 'pending',
    createdAt: Date.now(),
  };
}
