/**
 * What Switchboard's browser scripts share on the host page: `window.Switchboard`, which each
 * script merges its part into (never replaces), so they work in any order. Only types: a browser
 * module imports them with `import type`, and nothing of this file reaches the browser.
 */
export interface SwitchboardGlobal {
  /** Sanitised Markdown as a DocumentFragment (core/markdown/bundle.ts: widget.js, the console's markdown.js). */
  renderMarkdown?: (text: string) => Node;
  /** The visitor's id, shared by the chat widget and /events.js so chat and events are one customer. */
  userId?: string;
  /** Records a behaviour event (/events.js). */
  track?: (type: string, properties?: Record<string, unknown>) => void;
  /** Sends the events queued so far (/events.js). */
  flush?: () => void;
  /** Focuses the chat widget's input. */
  open?: () => void;
}

declare global {
  interface Window {
    /** See SwitchboardGlobal. */
    Switchboard?: SwitchboardGlobal;
  }
}
