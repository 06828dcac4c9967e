/**
 * Where the quick-dial popup opens, next to the tray icon, as plain geometry (tested here; Electron
 * only supplies the rectangles: tray.getBounds(), screen.getDisplayMatching(...), and
 * screen.getCursorScreenPoint()).
 *
 * - Taskbar at the bottom (Windows, most Linux panels): above the icon, centred on it.
 * - macOS (menu bar at the top) or a taskbar at the top: below the icon.
 * - Taskbar on the left or right: beside the icon, towards the middle of the screen.
 * - Always inside the display's work area, so no part hides behind the taskbar or off a screen;
 *   secondary displays have offset or negative coordinates and are handled the same way.
 * - No tray bounds (Linux's StatusNotifier tray reports an empty rectangle): near the cursor when
 *   we know it, else the bottom-right corner of the work area.
 */

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface Point {
  x: number
  y: number
}

export interface PopupPlacementInput {
  /** tray.getBounds(); null or an empty rectangle when the platform does not say. */
  trayBounds: Rect | null
  popupSize: { width: number; height: number }
  /** The display the tray (or cursor) is on: its workArea and bounds. */
  displayWorkArea: Rect
  displayBounds: Rect
  platform: NodeJS.Platform
  /** screen.getCursorScreenPoint(), used only when the tray bounds are unknown. */
  cursor?: Point | null
}

export type TaskbarEdge = 'top' | 'bottom' | 'left' | 'right'

/** Space between the tray icon (or cursor) and the popup. */
export const POPUP_GAP = 4
/** Space from the work area's corner when nothing better is known. */
export const POPUP_MARGIN = 8

export const POPUP_SIZE = { width: 340, height: 460 } as const

function hasArea(rect: Rect | null | undefined): rect is Rect {
  return (
    rect != null &&
    [rect.x, rect.y, rect.width, rect.height].every(Number.isFinite) &&
    rect.width > 0 &&
    rect.height > 0
  )
}

/**
 * Which screen edge the taskbar is on: the side where the work area is smaller than the display.
 * With an auto-hiding taskbar both are equal, and the icon's position tells.
 */
export function taskbarEdge(workArea: Rect, bounds: Rect, anchor: Rect | null): TaskbarEdge {
  const gaps: Record<TaskbarEdge, number> = {
    top: workArea.y - bounds.y,
    bottom: bounds.y + bounds.height - (workArea.y + workArea.height),
    left: workArea.x - bounds.x,
    right: bounds.x + bounds.width - (workArea.x + workArea.width),
  }
  const widest = (Object.keys(gaps) as TaskbarEdge[]).reduce((best, edge) =>
    gaps[edge] > gaps[best] ? edge : best,
  )
  if (gaps[widest] > 0) return widest
  if (!anchor) return 'bottom'
  const centreX = anchor.x + anchor.width / 2 - bounds.x
  const centreY = anchor.y + anchor.height / 2 - bounds.y
  const distances: Record<TaskbarEdge, number> = {
    top: centreY,
    bottom: bounds.height - centreY,
    left: centreX,
    right: bounds.width - centreX,
  }
  return (Object.keys(distances) as TaskbarEdge[]).reduce((best, edge) =>
    distances[edge] < distances[best] ? edge : best,
  )
}

function clamp(value: number, low: number, high: number): number {
  // A popup larger than the work area keeps its top-left corner visible.
  return Math.max(low, Math.min(value, high))
}

/** The popup's top-left corner, in screen coordinates (whole pixels). */
export function placePopup(input: PopupPlacementInput): Point {
  const { popupSize: size, displayWorkArea: area, displayBounds: bounds } = input
  const anchor = hasArea(input.trayBounds)
    ? input.trayBounds
    : input.cursor && Number.isFinite(input.cursor.x) && Number.isFinite(input.cursor.y)
      ? { x: input.cursor.x, y: input.cursor.y, width: 0, height: 0 }
      : null

  let x: number
  let y: number
  if (!anchor) {
    x = area.x + area.width - size.width - POPUP_MARGIN
    y = area.y + area.height - size.height - POPUP_MARGIN
  } else {
    const edge = input.platform === 'darwin' ? 'top' : taskbarEdge(area, bounds, anchor)
    const centreX = anchor.x + anchor.width / 2
    const centreY = anchor.y + anchor.height / 2
    switch (edge) {
      case 'bottom':
        x = centreX - size.width / 2
        y = anchor.y - size.height - POPUP_GAP
        break
      case 'top':
        x = centreX - size.width / 2
        y = anchor.y + anchor.height + POPUP_GAP
        break
      case 'left':
        x = anchor.x + anchor.width + POPUP_GAP
        y = centreY - size.height / 2
        break
      case 'right':
        x = anchor.x - size.width - POPUP_GAP
        y = centreY - size.height / 2
        break
    }
  }
  return {
    x: Math.round(clamp(x, area.x, area.x + area.width - size.width)),
    y: Math.round(clamp(y, area.y, area.y + area.height - size.height)),
  }
}
