// Settings every test run shares (jest.config.js `setupFiles`).
// Suites start apps by the dozen and most never translate a question: each reads a dictionary
// when a question first needs it instead of at start-up (KNOWLEDGE_TRANSLATION_WARM, docs/knowledge.md).
// A suite that passes its own env to createApp decides for itself.
process.env.KNOWLEDGE_TRANSLATION_WARM ??= 'first-use';
