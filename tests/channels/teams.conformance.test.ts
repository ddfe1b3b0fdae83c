import { channelConformance } from './conformance';
import { teamsFixture, teamsSender } from './teams.fixture';

describe('Teams (Bot Framework) channel conformance', () => {
  // botbuilder logs every refused token with console.error; the suite's assertions are what matter.
  beforeAll(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());
  channelConformance(teamsFixture, teamsSender);
});
