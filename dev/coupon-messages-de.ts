import type { RefusalMessageOverrides } from "../src/engine/refusals"

/**
 * German shopper texts for the demo store (plugin option `messages`): how a store translates the plugin's refusals.
 * `{placeholders}` take the refusal's details; amounts come formatted ("20.00 EUR").
 */
export const COUPON_MESSAGES_DE: RefusalMessageOverrides = {
  de: {
    coupon_invalid:
      "Der Gutscheincode ist ungültig. Wurde er Ihnen persönlich geschenkt, melden Sie sich an und versuchen Sie es erneut.",
    coupon_inactive: "Dieser Gutschein ist bis auf Weiteres nicht aktiv",
    coupon_not_yet_valid: "Dieser Gutschein ist noch nicht gültig",
    coupon_expired: "Dieser Gutschein ist abgelaufen",
    coupon_already_used: "Sie haben diesen Gutschein bereits verwendet",
    coupon_usage_limit_reached: "Dieser Gutschein wurde bereits so oft wie möglich eingelöst",
    coupon_wrong_store: "Dieser Gutschein gilt nicht in diesem Shop",
    coupon_wrong_currency: "Dieser Gutschein gilt nicht für die Währung Ihres Warenkorbs",
    coupon_no_eligible_items: "Dieser Gutschein gilt für kein Produkt in Ihrem Warenkorb",
    coupon_min_purchase: "Noch {missing_amount}, dann können Sie diesen Gutschein einlösen",
    coupon_balance_changed: "Das Guthaben des Gutscheins hat sich geändert. Bitte prüfen Sie Ihren Warenkorb",
    coupon_discount_out_of_date: "Der Gutscheinrabatt ist nicht mehr aktuell. Bitte prüfen Sie Ihren Warenkorb",
  },
}
