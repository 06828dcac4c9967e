// 32x32 PNG: Disca's green dot. Inline so the tray never depends on a file path at run time.
export const TRAY_ICON_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAcElEQVR42u2XOxIAEAxE9c7nMi5PryDfycpkZ7Tea8SmtQozfY51O2FgNxEu2FREC1dJWMFFEtZwloQXnCwRKuANf0pwLjmjFpCCpSJ/ClBTAnkFcr+C8EEEMYrrN4QoJBCVDKKUQtRyiMUEZjVLmw00ch1kTAFaNgAAAABJRU5ErkJggg=='

// 32x32 PNG: the same dot with a red "live" badge, while a call is ringing or talking.
export const TRAY_ICON_ACTIVE_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAsklEQVR4nO2Wyw2AIBBEKcK7HdiAJ4uwGXuxNztZTyREcdnfEA9MMgcvvge4xJQ6hIioB+cFzbnWpXzEy2ToV10S07ER1xbcLNECwwRqkPncqw0XkEDLSuEiCS1cKwGBhwto4SECHrhUArb6p4T6JvScfUumfDd89dw9YRKwZggMAbMAYhJEY8jtAnwEfyOAkFDBo78F8dkjJMzwCAk3vCYh+Sl91gVviXANA2tFYOARVG6kKpcuRpJlrwAAAABJRU5ErkJggg=='
