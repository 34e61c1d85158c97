import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202182613 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "coupon_promotion" add column if not exists "per_customer_scope" text check ("per_customer_scope" in ('promotion', 'code')) not null default 'code', add column if not exists "max_orders" integer null, add column if not exists "budget" numeric null, add column if not exists "max_discount" numeric null, add column if not exists "combinable_with_native" boolean not null default true, add column if not exists "combinable_with_coupons" boolean not null default true, add column if not exists "excluded_product_ids" text[] not null default '{}', add column if not exists "excluded_collection_ids" text[] not null default '{}', add column if not exists "excluded_category_ids" text[] not null default '{}', add column if not exists "exclude_discounted_lines" boolean not null default false, add column if not exists "orders_count" integer not null default 0, add column if not exists "discount_used" jsonb not null default '{}', add column if not exists "raw_budget" jsonb null, add column if not exists "raw_max_discount" jsonb null;`);

    this.addSql(`alter table if exists "coupon_redemption" add column if not exists "email" text null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_redemption_promotion_id_customer_id" ON "coupon_redemption" ("promotion_id", "customer_id") WHERE deleted_at IS NULL AND state != 'released';`);
    // Promotion-wide counters start from the ledger (live = reserved or confirmed), so max_orders and budgets set on
    // an existing promotion count what it already gave. Earlier redemptions have no e-mail: before this migration
    // usage was counted per code, which is what those promotions keep ('code' is the column default).
    this.addSql(`update "coupon_promotion" p set "orders_count" = s.orders, "discount_used" = s.used
      from (
        select promotion_id, sum(n)::int as orders, jsonb_object_agg(currency_code, total::text) as used
          from (select promotion_id, currency_code, count(*) as n, sum(amount) as total
                  from "coupon_redemption" where deleted_at is null and state <> 'released'
                 group by promotion_id, currency_code) per_currency
         group by promotion_id
      ) s
      where p.id = s.promotion_id;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_redemption_promotion_id_email" ON "coupon_redemption" ("promotion_id", "email") WHERE deleted_at IS NULL AND state != 'released';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "coupon_promotion" drop column if exists "per_customer_scope", drop column if exists "max_orders", drop column if exists "budget", drop column if exists "max_discount", drop column if exists "combinable_with_native", drop column if exists "combinable_with_coupons", drop column if exists "excluded_product_ids", drop column if exists "excluded_collection_ids", drop column if exists "excluded_category_ids", drop column if exists "exclude_discounted_lines", drop column if exists "orders_count", drop column if exists "discount_used", drop column if exists "raw_budget", drop column if exists "raw_max_discount";`);

    this.addSql(`drop index if exists "IDX_coupon_redemption_promotion_id_customer_id";`);
    this.addSql(`drop index if exists "IDX_coupon_redemption_promotion_id_email";`);
    this.addSql(`alter table if exists "coupon_redemption" drop column if exists "email";`);
  }

}
