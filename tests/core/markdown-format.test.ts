import { slackMrkdwn } from '../../channels/slack/format';
import { whatsappMarkup } from '../../core/markdown/whatsapp';
import { WhatsAppWebChannel } from '../../channels/whatsapp-web/adapter';
import { RICH_CAPABILITIES } from '../../core/channel';
import { plainText } from '../../core/markdown/format';
import type { Message } from '../../core/message';
import { render } from '../../core/render';

/**
 * One Markdown parser (markdown-it, as in the widget) turns what bots write into each channel's
 * text: core writes plain text, each channel folder declares its own marks.
 */
const REPLY = [
  '# Your order',
  'It is **on its way** (_tracking_ below), ~~not~~ `NW-1042`.',
  '',
  '- [Track it](https://shop.example/t?id=1&x=2)',
  '- or see https://shop.example/help',
  '',
  '> Questions? Reply here.',
].join('\n');

describe('Markdown per channel', () => {
  test('plain text (SMS, terminal): no marks, links keep their URL', () => {
    expect(plainText(REPLY)).toBe(
      [
        'Your order',
        '',
        'It is on its way (tracking below), not NW-1042.',
        '',
        '- Track it (https://shop.example/t?id=1&x=2)',
        '- or see https://shop.example/help',
        '',
        '> Questions? Reply here.',
      ].join('\n'),
    );
  });

  test('Slack mrkdwn: single-star bold, <url|text> links, bullets, & < > escaped', () => {
    expect(slackMrkdwn(REPLY)).toBe(
      [
        '*Your order*',
        '',
        'It is *on its way* (_tracking_ below), ~not~ `NW-1042`.',
        '',
        '• <https://shop.example/t?id=1&x=2|Track it>',
        '• or see <https://shop.example/help>',
        '',
        '> Questions? Reply here.',
      ].join('\n'),
    );
    expect(slackMrkdwn('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
  });

  test('WhatsApp markup: single-star bold, links as text (URL), native lists', () => {
    const expected = [
      '*Your order*',
      '',
      'It is *on its way* (_tracking_ below), ~not~ `NW-1042`.',
      '',
      '- Track it (https://shop.example/t?id=1&x=2)',
      '- or see https://shop.example/help',
      '',
      '> Questions? Reply here.',
    ].join('\n');
    expect(whatsappMarkup(REPLY)).toBe(expected);
    // The linked phone's channel shows it through the same dialect in core.
    const web = new WhatsAppWebChannel({ dataDir: '/nonexistent', chromiumPath: '/nonexistent' });
    expect(web.capabilities.format?.(REPLY)).toBe(expected);
  });

  test('text without Markdown comes back as written: numbers, stars between spaces, snake_case, line breaks', () => {
    const text = 'Pick one\n\n1. Track an order\n2. Returns\n\n5 * 3 = 15 for file_name.txt,\nthanks!';
    for (const format of [plainText, slackMrkdwn, whatsappMarkup]) expect(format(text)).toBe(text);
    expect(plainText('10. ten\n11. eleven')).toBe('10. ten\n11. eleven');
    expect(plainText('   ')).toBe('');
  });

  test('render applies the channel’s format after buttons become a numbered list; channels without one get CommonMark', () => {
    const message: Message = {
      id: 'm1',
      conversationId: 'c1',
      customerId: 'u1',
      channel: 'sms',
      address: '+15550001',
      direction: 'outbound',
      author: 'bot',
      text: 'Pick **one**',
      buttons: [{ title: 'Track', payload: 'track' }, { title: 'Returns', payload: 'returns' }],
      status: 'pending',
      createdAt: 0,
    };
    const [sms] = render(message, { ...RICH_CAPABILITIES, maxButtons: 0, format: plainText });
    expect(sms.text).toBe('Pick one\n\n1. Track\n2. Returns');
    const [web] = render(message, RICH_CAPABILITIES);
    expect(web.text).toBe('Pick **one**');
  });
});
