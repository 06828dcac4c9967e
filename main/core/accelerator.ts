/**
 * Checks a keyboard shortcut typed in Ajustes before Electron sees it. Electron's own parser logs
 * and ignores what it does not understand, and `globalShortcut.register` then throws or silently
 * binds something else; here every refusal gets a pt-BR sentence (with its English twin).
 *
 * The grammar is Electron's accelerator syntax: modifiers and exactly one key joined by '+',
 * case-insensitive ("CommandOrControl+Alt+D", "ctrl+shift+f5"). The accepted form comes back in
 * canonical spelling and order, so two spellings of one shortcut compare equal.
 *
 * Decisions:
 * - A global shortcut needs a modifier that does not type: Shift or AltGr alone with a letter, digit
 *   or punctuation key would swallow that character in every other application.
 * - Command/Cmd exists only on macOS; elsewhere Electron ignores it, so the shortcut would fire on
 *   the bare key. CommandOrControl is the portable spelling.
 * - A few combinations belong to the operating system (Ctrl+Alt+Delete, Alt+Tab, Alt+F4, Super+L);
 *   registering them fails or hijacks the desktop, so they are refused up front.
 */

export type AcceleratorCheck =
  { ok: true; accelerator: string } | { ok: false; message: string; messageEn: string }

export interface AcceleratorOptions {
  /** A shortcut that works from any application (default true): needs a real modifier. */
  global?: boolean
  /** Where it runs; Command is macOS-only. Default: this process's platform. */
  platform?: NodeJS.Platform
}

/** Longer than any real accelerator ("CommandOrControl+Alt+Shift+Super+MediaPreviousTrack"). */
export const MAX_ACCELERATOR_CHARS = 100

type Modifier = 'CommandOrControl' | 'Command' | 'Control' | 'Alt' | 'AltGr' | 'Shift' | 'Super'

const MODIFIER_ORDER: readonly Modifier[] = [
  'CommandOrControl',
  'Command',
  'Control',
  'Alt',
  'AltGr',
  'Shift',
  'Super',
]

const MODIFIERS: Readonly<Record<string, Modifier>> = {
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  command: 'Command',
  cmd: 'Command',
  control: 'Control',
  ctrl: 'Control',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
}

/** Named keys in Electron's spelling, looked up lower-case. */
const NAMED_KEYS: readonly string[] = [
  'Plus',
  'Space',
  'Tab',
  'Capslock',
  'Numlock',
  'Scrolllock',
  'Backspace',
  'Delete',
  'Insert',
  'Return',
  'Enter',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'Esc',
  'VolumeUp',
  'VolumeDown',
  'VolumeMute',
  'MediaNextTrack',
  'MediaPreviousTrack',
  'MediaStop',
  'MediaPlayPause',
  'PrintScreen',
  'num0',
  'num1',
  'num2',
  'num3',
  'num4',
  'num5',
  'num6',
  'num7',
  'num8',
  'num9',
  'numdec',
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
]
const NAMED_KEY_SPELLING = new Map(NAMED_KEYS.map((key) => [key.toLowerCase(), key]))
const FUNCTION_KEY = /^f([1-9]|1\d|2[0-4])$/i
// Single characters Electron maps to a key code ('+' is spelled "Plus").
const PUNCTUATION = new Set([...')!@#$%^&*(:;<=>,_-.?/~`{]|[\\}\'"'])

/** Keys that type something: Shift or AltGr with them is typing, not a shortcut. */
function typesACharacter(key: string): boolean {
  return /^[A-Z0-9]$/.test(key) || PUNCTUATION.has(key) || key === 'Plus' || key === 'Space'
}

const RESERVED: ReadonlyArray<{ modifiers: readonly Modifier[]; key: string }> = [
  { modifiers: ['Control', 'Alt'], key: 'Delete' },
  { modifiers: ['CommandOrControl', 'Alt'], key: 'Delete' },
  { modifiers: ['Alt'], key: 'Tab' },
  { modifiers: ['Alt'], key: 'F4' },
  { modifiers: ['Super'], key: 'L' },
]

export const ACCELERATOR_MESSAGES = {
  empty: {
    message: 'Digite um atalho, por exemplo Ctrl+Alt+D.',
    messageEn: 'Type a shortcut, e.g. Ctrl+Alt+D.',
  },
  tooLong: {
    message: 'Atalho longo demais.',
    messageEn: 'Shortcut too long.',
  },
  emptyPart: {
    message: 'Atalho com um "+" sobrando. Para a tecla +, escreva Plus (por exemplo Ctrl+Plus).',
    messageEn: 'Shortcut with a stray "+". For the + key, write Plus (e.g. Ctrl+Plus).',
  },
  unknownPart: (part: string) => ({
    message: `"${part}" não é uma tecla conhecida. Use Ctrl, Alt, Shift, Super ou CommandOrControl e uma tecla como D, F5 ou Space.`,
    messageEn: `"${part}" is not a known key. Use Ctrl, Alt, Shift, Super or CommandOrControl and a key such as D, F5 or Space.`,
  }),
  repeatedModifier: (modifier: string) => ({
    message: `${modifier} aparece duas vezes no atalho.`,
    messageEn: `${modifier} appears twice in the shortcut.`,
  }),
  noKey: {
    message: 'Falta a tecla: depois dos modificadores, escolha uma tecla, por exemplo Ctrl+Alt+D.',
    messageEn: 'The key is missing: after the modifiers, pick a key, e.g. Ctrl+Alt+D.',
  },
  severalKeys: (keys: readonly string[]) => ({
    message: `Um atalho tem só uma tecla além dos modificadores; este tem ${keys.join(' e ')}.`,
    messageEn: `A shortcut has only one key besides the modifiers; this one has ${keys.join(' and ')}.`,
  }),
  keyBeforeModifier: {
    message: 'A tecla vem por último, depois dos modificadores (por exemplo Ctrl+Alt+D).',
    messageEn: 'The key goes last, after the modifiers (e.g. Ctrl+Alt+D).',
  },
  needsModifier: {
    message:
      'Um atalho global precisa de Ctrl, Alt, Super ou CommandOrControl; só a tecla (ou com Shift) atrapalharia a digitação em outros programas.',
    messageEn:
      'A global shortcut needs Ctrl, Alt, Super or CommandOrControl; the key alone (or with Shift) would get in the way of typing in other programs.',
  },
  commandOutsideMac: {
    message: 'Command só existe no macOS. Use CommandOrControl (Ctrl no Windows e no Linux).',
    messageEn: 'Command exists only on macOS. Use CommandOrControl (Ctrl on Windows and Linux).',
  },
  reserved: (accelerator: string) => ({
    message: `${accelerator} é do sistema operacional e não pode ser usado pelo Disca.`,
    messageEn: `${accelerator} belongs to the operating system and cannot be used by Disca.`,
  }),
} as const

function refuse(copy: { message: string; messageEn: string }): AcceleratorCheck {
  return { ok: false, message: copy.message, messageEn: copy.messageEn }
}

function keySpelling(part: string): string | null {
  if (/^[a-z0-9]$/i.test(part)) return part.toUpperCase()
  if (PUNCTUATION.has(part)) return part
  if (FUNCTION_KEY.test(part)) return part.toUpperCase()
  return NAMED_KEY_SPELLING.get(part.toLowerCase()) ?? null
}

/** Validates an Electron accelerator; on success returns it in canonical spelling and order. */
export function checkAccelerator(
  text: unknown,
  options: AcceleratorOptions = {},
): AcceleratorCheck {
  const global = options.global ?? true
  if (typeof text !== 'string' || text.trim() === '') return refuse(ACCELERATOR_MESSAGES.empty)
  if (text.length > MAX_ACCELERATOR_CHARS) return refuse(ACCELERATOR_MESSAGES.tooLong)

  const parts = text.split('+').map((part) => part.trim())
  const modifiers: Modifier[] = []
  const keys: string[] = []
  for (const part of parts) {
    if (part === '') return refuse(ACCELERATOR_MESSAGES.emptyPart)
    const modifier = MODIFIERS[part.toLowerCase()]
    if (modifier !== undefined) {
      if (keys.length > 0) return refuse(ACCELERATOR_MESSAGES.keyBeforeModifier)
      if (modifiers.includes(modifier)) return refuse(ACCELERATOR_MESSAGES.repeatedModifier(part))
      modifiers.push(modifier)
      continue
    }
    const key = keySpelling(part)
    if (key === null) return refuse(ACCELERATOR_MESSAGES.unknownPart(part))
    keys.push(key)
  }
  if (keys.length === 0) return refuse(ACCELERATOR_MESSAGES.noKey)
  if (keys.length > 1) return refuse(ACCELERATOR_MESSAGES.severalKeys(keys))
  const key = keys[0] as string

  if (modifiers.includes('Command') && (options.platform ?? process.platform) !== 'darwin') {
    return refuse(ACCELERATOR_MESSAGES.commandOutsideMac)
  }
  if (global) {
    const typing = typesACharacter(key)
    const real = modifiers.filter(
      (modifier) => !(typing && (modifier === 'Shift' || modifier === 'AltGr')),
    )
    if (real.length === 0) return refuse(ACCELERATOR_MESSAGES.needsModifier)
  }

  const ordered = MODIFIER_ORDER.filter((modifier) => modifiers.includes(modifier))
  const accelerator = [...ordered, key].join('+')
  const reserved = RESERVED.some(
    (entry) =>
      entry.key === key &&
      entry.modifiers.length === ordered.length &&
      entry.modifiers.every((modifier) => ordered.includes(modifier)),
  )
  if (reserved) return refuse(ACCELERATOR_MESSAGES.reserved(accelerator))
  return { ok: true, accelerator }
}
