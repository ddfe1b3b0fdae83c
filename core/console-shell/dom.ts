// DOM look-ups every console script shares, checked: a page without the element a script needs
// fails with its id instead of a "cannot read properties of null" later on.

/** A constructor of a DOM element type (`HTMLInputElement`…), for the checks below. */
export type ElementType<T extends Element> = { new (): T; prototype: T };

/** The element with `id`, of `type` when given (an `HTMLElement` otherwise). */
export function byId(id: string): HTMLElement;
export function byId<T extends HTMLElement>(id: string, type: ElementType<T>): T;
export function byId<T extends HTMLElement>(id: string, type?: ElementType<T>): HTMLElement {
  const node = document.getElementById(id);
  if (!node || (type && !(node instanceof type))) throw new Error(`The page has no #${id}${type ? ` (${type.name})` : ''}.`);
  return node;
}

/** The form control called `name` in `form`, of `type` (an `<input>` unless given). */
export function field(form: HTMLFormElement, name: string): HTMLInputElement;
export function field<T extends Element>(form: HTMLFormElement, name: string, type: ElementType<T>): T;
export function field(form: HTMLFormElement, name: string, type: ElementType<Element> = HTMLInputElement): Element {
  const node = form.elements.namedItem(name);
  if (!(node instanceof type)) throw new Error(`The form #${form.id} has no ${type.name} called ${name}.`);
  return node;
}

/** The value of the checked radio button called `name` in `form` ('' when none is checked). */
export function radioValue(form: HTMLFormElement, name: string): string {
  const node = form.elements.namedItem(name);
  if (node instanceof RadioNodeList || node instanceof HTMLInputElement) return node.value;
  throw new Error(`The form #${form.id} has no radio buttons called ${name}.`);
}
