/** The same behaviour as ../bot: "bye" ends the conversation, anything else is echoed. */
export { default } from '../bot';
