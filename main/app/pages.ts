/**
 * The renderer's pages. The main window loads the entry (app://disca/index.html, or the dev
 * server in `npm start`); the quick-dial popup loads its own page next to it (same preload, same
 * contract), because index.html holds the main window's pre-rendered dialer.
 */
export const QUICK_DIAL_PAGE = 'quick-dial.html'

export type PageKind = 'main' | 'quickDial'

/** The URL a window of `kind` loads, given the main window's entry URL. */
export function pageUrl(entryUrl: string, kind: PageKind): string {
  return kind === 'main' ? entryUrl : new URL(QUICK_DIAL_PAGE, entryUrl).href
}

/** Every page of the app, as URLs: only these may call main. */
export function appPages(entryUrl: string): URL[] {
  return [new URL(pageUrl(entryUrl, 'main')), new URL(pageUrl(entryUrl, 'quickDial'))]
}
