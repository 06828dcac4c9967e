import { describe, expect, it } from 'vitest'
import type { ElectronApi } from '../../../main/app/electronApi'
import { copiedNumber, quickNumbers } from '../../../main/app/trayState'

describe('what the tray and the popup offer', () => {
  it('lists recent numbers that still pass the check, in the dialer format', () => {
    expect(quickNumbers(['+5511987654321', '+5500123', '+552133334444'])).toEqual([
      { apiNumber: '+5511987654321', display: '(11) 98765-4321' },
      { apiNumber: '+552133334444', display: '(21) 3333-4444' },
    ])
  })

  it('offers the copied number, and nothing when the clipboard cannot be read', async () => {
    const clipboard = (text: string | Error): ElectronApi['clipboard'] => ({
      readText: async () => {
        if (text instanceof Error) throw text
        return text
      },
    })
    expect(await copiedNumber(clipboard('Tel: (21) 98765-4321'))).toEqual({
      apiNumber: '+5521987654321',
      display: '(21) 98765-4321',
    })
    expect(await copiedNumber(clipboard('quantidade: 190'))).toBeNull()
    expect(await copiedNumber(clipboard(new Error('no clipboard')))).toBeNull()
  })
})
