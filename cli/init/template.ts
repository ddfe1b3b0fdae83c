/**
 * The files `switchboard init` writes: the smallest bot that shows each part once — bot.yaml,
 * a YAML dialog with an `ask`, the out-of-scope list, one knowledge article and one conversation
 * test. Kept as data so the test can check every file passes `validate` and `test`.
 */
export function botTemplate(name: string): Record<string, string> {
  return {
    'bot.yaml': `# ${name}: check with \`npx switchboard validate .\`, test with \`npx switchboard test .\`.
name: ${JSON.stringify(name)}
defaultLocale: en
locales: [en]
messages:
  en:
    greeting: "Hi! I can put you on our newsletter or answer questions about our opening hours."
    fallback: "Sorry, I can't help with that yet. Try \\"newsletter\\", or ask when we are open."
`,
    'dialogs/newsletter.yaml': `# A form with one question: the customer's e-mail (validated and re-asked when it isn't one).
id: newsletter
description: Signs the customer up for the newsletter.
triggers:
  payloads: [newsletter]
  intents:
    en:
      - sign me up for the newsletter
      - I want your newsletter
      - subscribe me to your emails
      - can I get your newsletter
      - newsletter please
steps:
  - ask: email
    type: email
    prompt:
      en: "Which e-mail address should the newsletter go to?"
  - say:
      en: "Thanks! The next newsletter goes to {{slots.email}}."
`,
    'dialogs/out-of-scope.txt': `# Questions that must NOT start a dialog (the knowledge base answers them), one per line.
# The intent recognizer learns them as "none of the dialogs", so a question is not taken for a form.
When are you open?
What are your opening hours?
Are you open on Sunday?
Where are you?
`,
    'knowledge/opening-hours.en.md': `---
id: opening-hours
locale: en
title: Opening hours
tags: [hours, open]
---

We are open Monday to Friday from 9:00 to 17:00, and closed on weekends and public holidays.
`,
    'tests/newsletter.yaml': `# Conversation tests: \`npx switchboard test .\` runs every file in tests/.
tests:
  - name: Signs up for the newsletter, re-asking for a valid e-mail
    steps:
      - user: { payload: newsletter }
      - bot: /Which e-mail address/
      - user: not an address
      - bot: /e-mail/
      - user: ann@example.com
      - bot: "Thanks! The next newsletter goes to ann@example.com."

  - name: Answers a question from the knowledge base
    steps:
      - user: When are you open?
      - bot: /Monday to Friday from 9:00 to 17:00/
`,
  };
}
