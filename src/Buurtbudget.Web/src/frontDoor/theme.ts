import type { Municipality } from '../api/types';

/** The NL Design System's shared "basis" layer: every component takes its colours, fonts and spacing from it, so a
 * gemeente's theme sets these and nothing else (the API's configuration check allows only these names). */
const TOKEN = /^basis-[a-z0-9]+(-[a-z0-9]+)*$/;

/** Sets the gemeente's tokens as CSS custom properties (--basis-…) on the theme's root element, over the example
 * theme's values; answers a function that takes them away again. Names outside the basis layer are skipped. */
export function applyTokens(element: HTMLElement, tokens: Record<string, string> | null | undefined): () => void {
  const set = Object.entries(tokens ?? {}).filter(([name]) => TOKEN.test(name));
  for (const [name, value] of set) element.style.setProperty(`--${name}`, value);
  return () => {
    for (const [name] of set) element.style.removeProperty(`--${name}`);
  };
}

/** "Stemmen - Buurtbudget Rotterdam": the page first (what a tab or a screen reader's list of windows shows first),
 * then the product and the gemeente. Without a gemeente, "Stemmen - Buurtbudget". */
export function documentTitle(page: string | null | undefined, product: string, municipality: Pick<Municipality, 'name'> | null | undefined): string {
  const site = municipality?.name ? `${product} ${municipality.name}` : product;
  return page ? `${page} - ${site}` : site;
}
