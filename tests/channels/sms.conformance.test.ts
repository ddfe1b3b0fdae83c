import { channelConformance } from './conformance';
import { smsFixture, smsSender } from './sms.fixture';

describe('SMS (Twilio) channel conformance', () => {
  channelConformance(smsFixture, smsSender);
});
