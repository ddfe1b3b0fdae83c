import { channelConformance } from './conformance';
import { slackFixture, slackSender } from './slack.fixture';

describe('Slack channel conformance', () => {
  channelConformance(slackFixture, slackSender);
});
