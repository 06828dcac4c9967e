import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  placePopup,
  POPUP_SIZE,
  taskbarEdge,
  type PopupPlacementInput,
  type Rect,
} from '../../../main/app/popupPlacement'

const FULL_HD: Rect = { x: 0, y: 0, width: 1920, height: 1080 }
const size = { ...POPUP_SIZE }

function place(overrides: Partial<PopupPlacementInput>): { x: number; y: number } {
  return placePopup({
    trayBounds: null,
    popupSize: size,
    displayWorkArea: FULL_HD,
    displayBounds: FULL_HD,
    platform: 'win32',
    ...overrides,
  })
}

describe('placePopup next to the tray icon', () => {
  it('Windows, taskbar at the bottom: above the icon, centred on it, above the taskbar', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 }
    const position = place({
      displayWorkArea: workArea,
      trayBounds: { x: 1500, y: 1048, width: 24, height: 24 },
    })
    // Centred on the icon (1512 - 170); its bottom sits on the taskbar's top edge (1040 - 460).
    expect(position).toEqual({ x: 1342, y: 580 })
  })

  it('Windows, icon near the right edge: slides left to stay on screen', () => {
    const position = place({
      displayWorkArea: { x: 0, y: 0, width: 1920, height: 1040 },
      trayBounds: { x: 1880, y: 1048, width: 24, height: 24 },
    })
    expect(position).toEqual({ x: 1920 - 340, y: 580 })
  })

  it('macOS, menu bar at the top: below the icon', () => {
    const bounds = { x: 0, y: 0, width: 1440, height: 900 }
    const position = place({
      platform: 'darwin',
      displayBounds: bounds,
      displayWorkArea: { x: 0, y: 25, width: 1440, height: 875 },
      trayBounds: { x: 1000, y: 0, width: 22, height: 24 },
    })
    expect(position).toEqual({ x: 1011 - 170, y: 24 + 4 })
  })

  it('macOS with the Dock at the bottom still opens below the menu bar icon', () => {
    const position = place({
      platform: 'darwin',
      displayBounds: { x: 0, y: 0, width: 1440, height: 900 },
      displayWorkArea: { x: 0, y: 25, width: 1440, height: 800 },
      trayBounds: { x: 1000, y: 0, width: 22, height: 24 },
    })
    expect(position.y).toBe(28)
  })

  it('Linux panel at the top (GNOME): below the icon', () => {
    const position = place({
      platform: 'linux',
      displayWorkArea: { x: 0, y: 32, width: 1920, height: 1048 },
      trayBounds: { x: 1700, y: 4, width: 24, height: 24 },
    })
    expect(position).toEqual({ x: 1712 - 170, y: 32 })
  })

  it('taskbar on the left: to the right of the icon, inside the work area', () => {
    const position = place({
      displayWorkArea: { x: 60, y: 0, width: 1860, height: 1080 },
      trayBounds: { x: 18, y: 500, width: 24, height: 24 },
    })
    expect(position).toEqual({ x: 60, y: 512 - 230 })
  })

  it('taskbar on the left, icon near the bottom: slides up to stay on screen', () => {
    const position = place({
      displayWorkArea: { x: 60, y: 0, width: 1860, height: 1080 },
      trayBounds: { x: 18, y: 1000, width: 24, height: 24 },
    })
    expect(position).toEqual({ x: 60, y: 1080 - 460 })
  })

  it('taskbar on the right: to the left of the icon', () => {
    const position = place({
      displayWorkArea: { x: 0, y: 0, width: 1860, height: 1080 },
      trayBounds: { x: 1878, y: 600, width: 24, height: 24 },
    })
    expect(position).toEqual({ x: 1860 - 340, y: 612 - 230 })
  })

  it('taskbar on the right, icon at the top: slides down to the top of the screen', () => {
    const position = place({
      displayWorkArea: { x: 0, y: 0, width: 1860, height: 1080 },
      trayBounds: { x: 1878, y: 10, width: 24, height: 24 },
    })
    expect(position).toEqual({ x: 1520, y: 0 })
  })

  it('auto-hidden taskbar (work area = display): the icon position tells the edge', () => {
    expect(place({ trayBounds: { x: 1500, y: 1050, width: 24, height: 24 } })).toEqual({
      x: 1342,
      y: 1050 - 460 - 4,
    })
    expect(place({ trayBounds: { x: 1890, y: 500, width: 24, height: 24 } })).toEqual({
      x: 1890 - 340 - 4,
      y: 282,
    })
    expect(taskbarEdge(FULL_HD, FULL_HD, { x: 10, y: 500, width: 24, height: 24 })).toBe('left')
    expect(taskbarEdge(FULL_HD, FULL_HD, { x: 900, y: 2, width: 24, height: 24 })).toBe('top')
  })
})

describe('placePopup on a second display', () => {
  it('left of the primary (negative x), taskbar at the bottom', () => {
    const bounds = { x: -1280, y: 0, width: 1280, height: 1024 }
    const position = place({
      displayBounds: bounds,
      displayWorkArea: { x: -1280, y: 0, width: 1280, height: 984 },
      trayBounds: { x: -200, y: 992, width: 24, height: 24 },
    })
    expect(position).toEqual({ x: -188 - 170, y: 984 - 460 })
  })

  it('left of the primary, icon at its far left: stays on that display', () => {
    const position = place({
      displayBounds: { x: -1280, y: 0, width: 1280, height: 1024 },
      displayWorkArea: { x: -1280, y: 0, width: 1280, height: 984 },
      trayBounds: { x: -1275, y: 992, width: 24, height: 24 },
    })
    expect(position).toEqual({ x: -1280, y: 524 })
  })

  it('above and right of the primary (offset, negative y), taskbar at the top', () => {
    const bounds = { x: 1920, y: -1440, width: 2560, height: 1440 }
    const position = place({
      platform: 'linux',
      displayBounds: bounds,
      displayWorkArea: { x: 1920, y: -1400, width: 2560, height: 1400 },
      trayBounds: { x: 4000, y: -1432, width: 24, height: 24 },
    })
    // Below the 40 px bar, whose bottom is the work area's top.
    expect(position).toEqual({ x: 4012 - 170, y: -1400 })
  })

  it('a display with a scale factor reports DIPs; the result is whole pixels', () => {
    const position = place({
      displayBounds: { x: 1920, y: 0, width: 1706.67, height: 960 },
      displayWorkArea: { x: 1920, y: 0, width: 1706.67, height: 920 },
      trayBounds: { x: 3200.5, y: 925.3, width: 21.3, height: 21.3 },
    })
    expect(Number.isInteger(position.x) && Number.isInteger(position.y)).toBe(true)
    expect(position).toEqual({ x: 3041, y: 460 })
  })
})

describe('placePopup without tray bounds (Linux)', () => {
  const workArea = { x: 0, y: 0, width: 1920, height: 1040 }

  it('empty rectangle and no cursor: bottom-right corner of the work area', () => {
    const position = place({
      platform: 'linux',
      displayWorkArea: workArea,
      trayBounds: { x: 0, y: 0, width: 0, height: 0 },
    })
    expect(position).toEqual({ x: 1920 - 340 - 8, y: 1040 - 460 - 8 })
  })

  it('no bounds at all on a second display: that display’s corner', () => {
    const position = place({
      platform: 'linux',
      displayBounds: { x: -1280, y: 200, width: 1280, height: 1024 },
      displayWorkArea: { x: -1280, y: 227, width: 1280, height: 997 },
      trayBounds: null,
    })
    expect(position).toEqual({ x: -348, y: 227 + 997 - 468 })
  })

  it('near the cursor when it is known (clicked on a bottom panel)', () => {
    const position = place({
      platform: 'linux',
      displayWorkArea: workArea,
      trayBounds: { x: 0, y: 0, width: 0, height: 0 },
      cursor: { x: 900, y: 1060 },
    })
    expect(position).toEqual({ x: 730, y: 580 })
  })

  it('near the cursor on a top panel: below it', () => {
    const position = place({
      platform: 'linux',
      displayWorkArea: { x: 0, y: 28, width: 1920, height: 1052 },
      trayBounds: null,
      cursor: { x: 1850, y: 14 },
    })
    expect(position).toEqual({ x: 1580, y: 28 })
  })

  it('ignores bounds that are not numbers', () => {
    const position = place({
      platform: 'linux',
      displayWorkArea: workArea,
      trayBounds: { x: Number.NaN, y: 0, width: 24, height: 24 },
    })
    expect(position).toEqual({ x: 1572, y: 572 })
  })
})

describe('placePopup keeps the popup inside the work area', () => {
  it('a popup larger than the work area keeps its top-left corner visible', () => {
    const position = place({
      displayBounds: { x: 0, y: 0, width: 320, height: 400 },
      displayWorkArea: { x: 0, y: 0, width: 320, height: 380 },
      trayBounds: { x: 290, y: 385, width: 24, height: 24 },
    })
    expect(position).toEqual({ x: 0, y: 0 })
  })

  it('for any display, taskbar and icon, the popup lies inside the work area', () => {
    const arbitraryInput = fc
      .record({
        x: fc.integer({ min: -5000, max: 5000 }),
        y: fc.integer({ min: -3000, max: 3000 }),
        width: fc.integer({ min: 800, max: 5000 }),
        height: fc.integer({ min: 600, max: 3000 }),
        edge: fc.constantFrom('top', 'bottom', 'left', 'right', 'hidden'),
        thickness: fc.integer({ min: 20, max: 80 }),
        trayU: fc.double({ min: 0, max: 1, noNaN: true }),
        trayV: fc.double({ min: 0, max: 1, noNaN: true }),
        platform: fc.constantFrom<NodeJS.Platform>('win32', 'linux', 'darwin'),
        bounds: fc.boolean(),
      })
      .map((d) => {
        const bounds = { x: d.x, y: d.y, width: d.width, height: d.height }
        const area = { ...bounds }
        if (d.edge === 'top')
          Object.assign(area, { y: d.y + d.thickness, height: d.height - d.thickness })
        if (d.edge === 'bottom') area.height = d.height - d.thickness
        if (d.edge === 'left')
          Object.assign(area, { x: d.x + d.thickness, width: d.width - d.thickness })
        if (d.edge === 'right') area.width = d.width - d.thickness
        const tray = {
          x: d.x + d.trayU * (d.width - 24),
          y: d.y + d.trayV * (d.height - 24),
          width: 24,
          height: 24,
        }
        return { bounds, area, tray, platform: d.platform, hasBounds: d.bounds }
      })
    fc.assert(
      fc.property(arbitraryInput, ({ bounds, area, tray, platform, hasBounds }) => {
        const position = placePopup({
          trayBounds: hasBounds ? tray : { x: 0, y: 0, width: 0, height: 0 },
          popupSize: size,
          displayBounds: bounds,
          displayWorkArea: area,
          platform,
          cursor: hasBounds ? null : { x: tray.x, y: tray.y },
        })
        expect(position.x).toBeGreaterThanOrEqual(area.x)
        expect(position.y).toBeGreaterThanOrEqual(area.y)
        expect(position.x + size.width).toBeLessThanOrEqual(area.x + area.width + 0.5)
        expect(position.y + size.height).toBeLessThanOrEqual(area.y + area.height + 0.5)
      }),
      { seed: 20261204, numRuns: 2000 },
    )
  })
})
