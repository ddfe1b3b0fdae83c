import { channelConformance } from './conformance';
import { whatsappFixture, whatsappSender } from './whatsapp.fixture';

describe('WhatsApp (Cloud API) channel conformance', () => {
  channelConformance(whatsappFixture, whatsappSender);
});
