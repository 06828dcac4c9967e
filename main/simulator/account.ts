import { PRICE_PER_MINUTE, roundCents } from './billing'
import { ACCOUNT_ID } from './calls'

/** The one prepaid account the simulator serves. */
export class Account {
  private saldo: number
  /** What ended calls cost so far; GET /conta shows it as fatura_atual. */
  private spent = 0

  constructor(
    readonly token: string,
    readonly name: string,
    readonly disabled: boolean,
    initialBalance: number,
  ) {
    this.saldo = roundCents(initialBalance)
  }

  get balance(): number {
    return this.saldo
  }

  setBalance(brl: number): void {
    this.saldo = roundCents(brl)
  }

  /** Prepaid: the balance stops at zero; a call already running is not cut off. */
  charge(brl: number): void {
    this.spent = roundCents(this.spent + brl)
    this.saldo = roundCents(Math.max(0, this.saldo - brl))
  }

  /**
   * GET /conta `dados` (spec §5). The real API echoes access_token here; the simulator masks it so
   * a token never travels back out of an app that logs responses.
   */
  toJson(): Record<string, unknown> {
    return {
      id: ACCOUNT_ID,
      nome: this.name,
      cpf_cnpj: '00.000.000/0001-91',
      login: 'demo@disca.example.invalid',
      saldo: this.saldo,
      telefone: '4832830151',
      access_token: `****${this.token.slice(-4)}`,
      preco_fixo: PRICE_PER_MINUTE.fixo.toFixed(3),
      preco_sms: '0.090',
      preco_cel: PRICE_PER_MINUTE.movel.toFixed(3),
      preco_ramal: PRICE_PER_MINUTE.ramal.toFixed(3),
      email_financeiro: 'financeiro@disca.example.invalid',
      nome_fantasia: null,
      conta_ativa: this.disabled ? 0 : 1,
      valor_aviso_saldo_baixo: '0.00',
      metodo_pagamento: 'prepago',
      fatura_atual: this.spent,
      limite_credito_bonus: 0,
    }
  }
}
