import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203061806 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "coupon_promotion" add column if not exists "currency_amounts" jsonb not null default '{}', add column if not exists "customer_group_ids" text[] not null default '{}', add column if not exists "first_order_only" boolean not null default false;`);
    // Existing single-currency promotions become one row in their currency (engine currency-amounts.ts), so they
    // keep applying exactly as before; a percentage without money amounts stays without rows (every currency).
    this.addSql(`update "coupon_promotion" set "currency_amounts" = jsonb_build_object(lower("currency_code"), jsonb_build_object(
        'discount_value', case when "discount_type" = 'fixed' then "discount_value" end,
        'min_purchase', case when "min_purchase" > 0 then "min_purchase" end,
        'max_discount', case when "discount_type" = 'percentage' then "max_discount" end,
        'budget', "budget"))
      where "currency_code" is not null and "currency_amounts" = '{}'::jsonb
        and ("discount_type" = 'fixed' or "min_purchase" > 0 or "max_discount" is not null or "budget" is not null);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "coupon_promotion" drop column if exists "currency_amounts", drop column if exists "customer_group_ids", drop column if exists "first_order_only";`);
  }

}
