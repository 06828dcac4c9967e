/**
 * The Performance mark the main window sets once the app has taken over its pre-rendered dialer
 * (renderer/start.ts): from then on every control works. The benchmark and the tests wait for it.
 */
export const APP_STARTED_MARK = 'disca:app-started'
