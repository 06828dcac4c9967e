import type { ImportPreview, Lead, LeadListSummary, ListProgress } from '../../../preload/contract'

export const summary = (patch: Partial<LeadListSummary> = {}): LeadListSummary => ({
  id: 'list-1',
  name: 'Clientes SP',
  createdAt: '2026-12-01T12:00:00.000Z',
  sourceFileName: 'clientes.csv',
  retry: { maxAttempts: 3, retryGapMinutes: 60 },
  paused: false,
  total: 10,
  todo: 6,
  calling: 0,
  done: 3,
  skipped: 1,
  doNotCall: 0,
  ...patch,
})

export const progress = (patch: Partial<ListProgress> = {}): ListProgress => ({
  total: 10,
  todo: 6,
  calling: 0,
  done: 3,
  skipped: 1,
  doNotCall: 0,
  waitingRetry: 0,
  attempts: 4,
  answered: 2,
  connectRate: 0.5,
  talkSeconds: 125,
  cost: 1.4,
  byRepOutcome: {
    interested: 1,
    not_interested: 1,
    call_back: 0,
    wrong_number: 0,
    no_answer: 2,
  },
  ...patch,
})

export const lead = (patch: Partial<Lead> = {}): Lead => ({
  id: 7,
  rowNumber: 8,
  row: ['Maria Souza', 'Padaria Boa', '11 98765-4321', 'cliente antiga'],
  phone: { apiNumber: '+5511987654321', display: '(11) 98765-4321' },
  name: 'Maria Souza',
  company: 'Padaria Boa',
  note: 'cliente antiga',
  state: 'todo',
  attempts: [],
  nextAttemptAt: null,
  ...patch,
})

export const importPreview = (patch: Partial<ImportPreview> = {}): ImportPreview => ({
  fileName: 'clientes.csv',
  headers: ['Nome', 'Empresa', 'Celular', 'Obs'],
  mapping: { phone: 2, name: 0, company: 1, note: 3 },
  totalRows: 3,
  ready: 2,
  duplicated: 0,
  duplicates: [],
  refused: [],
  sample: [
    {
      rowNumber: 2,
      cells: ['Maria Souza', 'Padaria Boa', '11 98765-4321', ''],
      status: 'ready',
      phone: { apiNumber: '+5511987654321', display: '(11) 98765-4321' },
      name: 'Maria Souza',
      company: 'Padaria Boa',
      note: null,
      message: null,
      messageEn: null,
    },
  ],
  truncatedCells: 0,
  ...patch,
})
