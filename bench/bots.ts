import { Bot } from '../core/bot';

/** Our echo bot: replies with what it was told. */
export function echoBot(): Bot {
  const bot = new Bot({ name: 'bench-echo' });
  bot.use(async (ctx) => {
    await ctx.reply(`You said: ${ctx.text}`);
  });
  return bot;
}

/**
 * Our two-question bot, the counterpart of botbuilder's waterfall with two text prompts:
 * asks the name, then the city, then confirms. Its step lives in the conversation state.
 */
export function twoQuestionBot(): Bot {
  const bot = new Bot({ name: 'bench-two-questions' });
  bot.use(async (ctx) => {
    const form = (ctx.state.form ?? {}) as { step?: 'name' | 'city'; name?: string };
    if (form.step === 'name') {
      ctx.state.form = { step: 'city', name: ctx.text };
      await ctx.reply('Which city are you in?');
    } else if (form.step === 'city') {
      delete ctx.state.form;
      await ctx.reply(`Thanks ${form.name}, noted: ${ctx.text}.`);
    } else {
      ctx.state.form = { step: 'name' };
      await ctx.reply("What's your name?");
    }
  });
  return bot;
}
