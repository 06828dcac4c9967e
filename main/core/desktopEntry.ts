/**
 * The Linux desktop entry (`disca.desktop`) that electron-builder installs with the deb (and puts
 * in the AppImage), computed the same way from electron-builder.yml and package.json. It is what
 * makes the desktop list Disca and send it tel:/callto: links (security.md H1): `MimeType` must
 * name both scheme handlers, and `Exec` must carry a field code (%U/%u) or the link never arrives.
 *
 * electron-builder's rules (app-builder-lib 26, LinuxTargetHelper.computeDesktopEntry), mirrored:
 * - Exec = /opt/<productName>/<executableName> (quoted when it has other characters), then
 *   linux.executableArgs, then " %U" unless those args already hold a field code;
 * - Name, Terminal=false, Type=Application, Icon=<executableName>, StartupWMClass=<desktopName
 *   without .desktop, or productName>, then linux.desktop.entry overrides;
 * - Comment = linux.description or package.json description (it wins over desktop.entry);
 * - MimeType = linux.mimeTypes + every protocol scheme as x-scheme-handler/<scheme>, as listed;
 * - Categories = linux.category + ';'.
 * - Setting Exec in linux.desktop.entry is an error in electron-builder (it throws when building the
 *   deb or AppImage); so it is here.
 * The packaging test compares this against electron-builder's own output for the real config.
 */

export interface BuilderProtocol {
  name?: string
  schemes: readonly string[]
}

export interface PackageMetadata {
  name: string
  productName?: string
  description?: string
  desktopName?: string
}

/** The parts of package.json and electron-builder.yml the entry depends on. */
export interface DesktopEntrySource {
  packageJson: PackageMetadata
  builder: {
    productName?: string
    /** Merged into package.json by electron-builder, in the build and in the packaged copy. */
    extraMetadata?: Partial<PackageMetadata> | null
    protocols?: BuilderProtocol | readonly BuilderProtocol[] | null
    linux?: {
      executableName?: string | null
      executableArgs?: readonly string[] | null
      description?: string | null
      category?: string | null
      mimeTypes?: readonly string[] | null
      protocols?: BuilderProtocol | readonly BuilderProtocol[] | null
      desktop?: { entry?: Readonly<Record<string, string>> | null } | null
    } | null
  }
  /** Overrides the computed Exec (the AppImage passes its own launcher). */
  exec?: string
}

export const INSTALL_PREFIX = '/opt'

const FIELD_CODES = ['%f', '%u', '%F', '%U']

/** Desktop Entry "string" escaping, as electron-builder applies it to Name, Comment, StartupWMClass. */
function escapeString(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
}

function asArray<T>(value: T | readonly T[] | null | undefined): T[] {
  if (value == null) return []
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T]
}

// electron-builder's sanitizeFileName (sanitize-filename + its own rules), for the names we have:
// characters a file name cannot hold are dropped.
function sanitizeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[/?<>\\:*|"\u0000-\u001f\u0080-\u009f]/g, '').trim()
}

function isBlank(value: string | null | undefined): value is null | undefined | '' {
  return value == null || value.trim() === ''
}

/** The executable's file name under /opt/<productName>/: linux.executableName or the package name. */
export function linuxExecutableName(source: DesktopEntrySource): string {
  const configured = source.builder.linux?.executableName
  return configured == null
    ? sanitizeFileName(packagedMetadata(source).name).toLowerCase()
    : sanitizeFileName(configured)
}

/** package.json as the packaged app sees it: with electron-builder's extraMetadata merged in. */
export function packagedMetadata(source: DesktopEntrySource): PackageMetadata {
  return { ...source.packageJson, ...(source.builder.extraMetadata ?? {}) }
}

/** The file electron-builder installs: /usr/share/applications/<executableName>.desktop. */
export function desktopFileName(source: DesktopEntrySource): string {
  return `${linuxExecutableName(source)}.desktop`
}

/**
 * The desktop file Electron says it is (package.json desktopName, else "<productName>.desktop").
 * setAsDefaultProtocolClient hands this name to xdg-settings, and Wayland uses it as the app id:
 * it must equal desktopFileName, or the tel: registration points at a file that does not exist.
 */
export function electronDesktopName(source: DesktopEntrySource): string {
  const metadata = packagedMetadata(source)
  return metadata.desktopName ?? `${metadata.productName ?? metadata.name}.desktop`
}

export function desktopEntry(source: DesktopEntrySource): string {
  const linux = source.builder.linux ?? {}
  const entryOverrides = linux.desktop?.entry ?? {}
  if (entryOverrides['Exec']) {
    throw new Error(
      'Please specify executable name as linux.executableName instead of linux.desktop.Exec',
    )
  }
  const metadata = packagedMetadata(source)
  const productName = source.builder.productName ?? metadata.productName ?? metadata.name
  const executableName = linuxExecutableName(source)

  let exec = source.exec
  if (exec === undefined) {
    exec = `${INSTALL_PREFIX}/${sanitizeFileName(productName)}/${executableName}`
    if (!/^[/0-9A-Za-z._-]+$/.test(exec)) exec = `"${exec}"`
    const args = linux.executableArgs ?? []
    if (args.length > 0) exec += ` ${args.map((arg) => arg.replace(/[\r\n]+/g, '')).join(' ')}`
    if (!args.some((arg) => FIELD_CODES.includes(arg))) exec += ' %U'
  }

  const desktopName = metadata.desktopName?.trim()
  const wmClass = isBlank(desktopName) ? productName : desktopName.replace(/\.desktop$/, '')
  const fields: Record<string, string> = {
    Name: escapeString(productName),
    Exec: exec,
    Terminal: 'false',
    Type: 'Application',
    Icon: executableName,
    StartupWMClass: escapeString(wmClass),
    ...entryOverrides,
  }
  const description = linux.description ?? metadata.description
  if (!isBlank(description)) fields['Comment'] = escapeString(description)

  const mimeTypes = [...(linux.mimeTypes ?? [])]
  for (const protocol of [...asArray(source.builder.protocols), ...asArray(linux.protocols)]) {
    for (const scheme of asArray(protocol.schemes)) mimeTypes.push(`x-scheme-handler/${scheme}`)
  }
  if (mimeTypes.length > 0) fields['MimeType'] = `${mimeTypes.join(';')};`

  const category = isBlank(linux.category) ? 'Utility' : linux.category
  fields['Categories'] = category.endsWith(';') ? category : `${category};`

  const lines = [
    '[Desktop Entry]',
    ...Object.entries(fields).map(([key, value]) => `${key}=${value}`),
  ]
  return `${lines.join('\n')}\n`
}
