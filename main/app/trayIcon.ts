// 32x32 PNG: Disca's green dot. Inline so the tray never depends on a file path at run time.
export const TRAY_ICON_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAcElEQVR42u2XOxIAEAxE9c7nMi5PryDfycpkZ7Tea8SmtQozfY51O2FgNxEu2FREC1dJWMFFEtZwloQXnCwRKuANf0pwLjmjFpCCpSJ/ClBTAnkFcr+C8EEEMYrrN4QoJBCVDKKUQtRyiMUEZjVLmw00ch1kTAFaNgAAAABJRU5ErkJggg=='
