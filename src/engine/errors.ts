/**
 * A rule of the coupon engine was broken by caller input.
 *
 * The engine stays free of Medusa imports, so it cannot throw `MedusaError`; the service and HTTP layers
 * translate an `EngineError` into `MedusaError.Types.INVALID_DATA` and can point a form at `field`
 * (for example `length`, `pattern`, `count`, `file`).
 */
export class EngineError extends Error {
  readonly field: string

  constructor(field: string, message: string) {
    super(message)
    this.name = "EngineError"
    this.field = field
    // Keeps `instanceof EngineError` true when the code is compiled down to ES5 classes.
    Object.setPrototypeOf(this, new.target.prototype)
  }
}

export const isEngineError = (error: unknown): error is EngineError => error instanceof EngineError
