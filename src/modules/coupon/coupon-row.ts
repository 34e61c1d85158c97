// The columns every read of a code shares (a give, the admin list): the code, its state, and who holds it since
// when and until when.
export type CouponSummaryRow = {
  id: string
  code: string
  state: string
  customer_id: string | null
  assigned_at: Date | null
  expires_at: Date | null
}
