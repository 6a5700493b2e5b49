/** Where the chosen theme is kept; absent means "follow the system". */
export const THEME_STORAGE_KEY = 'gatehouse-theme';

/**
 * Runs in <head> before the first paint: applies a stored choice so a dark-theme user never sees a white flash.
 * @see https://nextjs.org/docs/app/guides/preventing-flash-before-hydration#themes
 */
export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t==='dark'||t==='light')document.documentElement.setAttribute('data-theme',t)}catch(e){}})()`;
