import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261122013748 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "coupon_redemption" drop constraint if exists "coupon_redemption_cart_id_coupon_id_unique";`);
    this.addSql(`alter table if exists "coupon" drop constraint if exists "coupon_code_unique";`);
    this.addSql(`alter table if exists "coupon_promotion" drop constraint if exists "coupon_promotion_custom_id_unique";`);
    this.addSql(`alter table if exists "coupon_cart_code" drop constraint if exists "coupon_cart_code_cart_id_coupon_id_unique";`);
    this.addSql(`create table if not exists "coupon_assignment_rule" ("id" text not null, "name" text null, "event_name" text not null, "promotion_id" text not null, "customer_id_path" text not null default 'id', "resolve_customer_from" text check ("resolve_customer_from" in ('customer', 'order')) not null default 'customer', "enabled" boolean not null default true, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "coupon_assignment_rule_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_assignment_rule_deleted_at" ON "coupon_assignment_rule" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_assignment_rule_event_name_enabled" ON "coupon_assignment_rule" ("event_name", "enabled") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_assignment_rule_promotion_id" ON "coupon_assignment_rule" ("promotion_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "coupon_bulk_assignment" ("id" text not null, "promotion_id" text not null, "customer_group_id" text not null, "state" text check ("state" in ('pending', 'running', 'completed', 'failed')) not null default 'pending', "total_count" integer not null default 0, "processed_count" integer not null default 0, "assigned_count" integer not null default 0, "skipped_count" integer not null default 0, "error" jsonb null, "started_at" timestamptz null, "completed_at" timestamptz null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "coupon_bulk_assignment_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_bulk_assignment_deleted_at" ON "coupon_bulk_assignment" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_bulk_assignment_promotion_id_created_at" ON "coupon_bulk_assignment" ("promotion_id", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "coupon_cart_code" ("id" text not null, "cart_id" text not null, "coupon_id" text not null, "promotion_id" text not null, "code" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "coupon_cart_code_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_cart_code_deleted_at" ON "coupon_cart_code" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_coupon_cart_code_cart_id_coupon_id_unique" ON "coupon_cart_code" ("cart_id", "coupon_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_cart_code_coupon_id" ON "coupon_cart_code" ("coupon_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "coupon_failed_attempt" ("id" text not null, "cart_id" text null, "client_ip" text null, "code" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "coupon_failed_attempt_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_failed_attempt_deleted_at" ON "coupon_failed_attempt" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_failed_attempt_cart_id_created_at" ON "coupon_failed_attempt" ("cart_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_failed_attempt_client_ip_created_at" ON "coupon_failed_attempt" ("client_ip", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "coupon_promotion" ("id" text not null, "custom_id" text not null, "name" text not null, "description" text null, "sales_channel_id" text null, "status" text check ("status" in ('active', 'inactive')) not null default 'active', "inactive_message" text not null default 'The coupon is inactive until further notice', "coupon_type" text check ("coupon_type" in ('personal', 'promotion_code')) not null, "discount_type" text check ("discount_type" in ('fixed', 'percentage')) not null, "discount_value" numeric not null, "currency_code" text null, "applies_to" text check ("applies_to" in ('all', 'specific')) not null default 'all', "target_product_ids" text[] not null default '{}', "target_collection_ids" text[] not null default '{}', "target_category_ids" text[] not null default '{}', "min_purchase" numeric not null default 0, "usage_per_customer" text check ("usage_per_customer" in ('one_order', 'unlimited', 'limited')) not null default 'one_order', "usage_per_customer_limit" integer null, "usage_per_code" text check ("usage_per_code" in ('unlimited', 'first_customers')) not null default 'unlimited', "usage_per_code_limit" integer null, "time_span_type" text check ("time_span_type" in ('unlimited', 'relative', 'range')) not null default 'unlimited', "time_span_amount" integer null, "time_span_unit" text check ("time_span_unit" in ('days', 'weeks', 'months')) null, "starts_at" timestamptz null, "ends_at" timestamptz null, "valid_days_after_assignment" integer null, "allow_multiple_per_customer" boolean not null default false, "low_stock_threshold" integer null, "archived_at" timestamptz null, "codes_total" integer not null default 0, "codes_unassigned" integer not null default 0, "codes_assigned" integer not null default 0, "codes_used_partially" integer not null default 0, "codes_used_fully" integer not null default 0, "customers_used" integer not null default 0, "customers_exhausted" integer not null default 0, "metadata" jsonb null, "raw_discount_value" jsonb not null, "raw_min_purchase" jsonb not null default '{"value":"0","precision":20}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "coupon_promotion_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_promotion_deleted_at" ON "coupon_promotion" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_coupon_promotion_custom_id_unique" ON "coupon_promotion" ("custom_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_promotion_status" ON "coupon_promotion" ("status") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "coupon_batch" ("id" text not null, "source" text check ("source" in ('generated', 'imported')) not null, "state" text check ("state" in ('pending', 'running', 'completed', 'failed')) not null default 'pending', "requested_count" integer not null default 0, "processed_count" integer not null default 0, "pattern" jsonb null, "file_name" text null, "file_format" text null, "error" jsonb null, "started_at" timestamptz null, "completed_at" timestamptz null, "codes_total" integer not null default 0, "codes_unassigned" integer not null default 0, "codes_assigned" integer not null default 0, "codes_used_partially" integer not null default 0, "codes_used_fully" integer not null default 0, "metadata" jsonb null, "promotion_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "coupon_batch_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_batch_promotion_id" ON "coupon_batch" ("promotion_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_batch_deleted_at" ON "coupon_batch" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_batch_promotion_id_created_at" ON "coupon_batch" ("promotion_id", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "coupon" ("id" text not null, "code" text not null, "state" text check ("state" in ('unassigned', 'assigned', 'used_partially', 'used_fully', 'void')) not null default 'unassigned', "customer_id" text null, "assigned_at" timestamptz null, "expires_at" timestamptz null, "amount_used" numeric null, "uses_count" integer not null default 0, "customers_count" integer not null default 0, "customers_exhausted" integer not null default 0, "metadata" jsonb null, "promotion_id" text not null, "batch_id" text null, "raw_amount_used" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "coupon_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_promotion_id" ON "coupon" ("promotion_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_deleted_at" ON "coupon" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_coupon_code_unique" ON "coupon" ("code");`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_promotion_id_state" ON "coupon" ("promotion_id", "state") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_batch_id" ON "coupon" ("batch_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_customer_id" ON "coupon" ("customer_id") WHERE deleted_at IS NULL AND customer_id IS NOT NULL;`);

    this.addSql(`create table if not exists "coupon_redemption" ("id" text not null, "promotion_id" text not null, "customer_id" text null, "cart_id" text not null, "order_id" text null, "amount" numeric not null, "currency_code" text not null, "state" text check ("state" in ('reserved', 'confirmed', 'released')) not null default 'reserved', "counted_customer" boolean not null default false, "assigned_coupon" boolean not null default false, "reserved_at" timestamptz not null, "confirmed_at" timestamptz null, "released_at" timestamptz null, "release_reason" text null, "metadata" jsonb null, "coupon_id" text not null, "raw_amount" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "coupon_redemption_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_redemption_coupon_id" ON "coupon_redemption" ("coupon_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_redemption_deleted_at" ON "coupon_redemption" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_coupon_redemption_cart_id_coupon_id_unique" ON "coupon_redemption" ("cart_id", "coupon_id") WHERE deleted_at IS NULL AND state != 'released';`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_redemption_order_id" ON "coupon_redemption" ("order_id") WHERE deleted_at IS NULL AND order_id IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_redemption_promotion_id" ON "coupon_redemption" ("promotion_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_redemption_coupon_id_customer_id" ON "coupon_redemption" ("coupon_id", "customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_redemption_state_reserved_at" ON "coupon_redemption" ("state", "reserved_at") WHERE deleted_at IS NULL AND state = 'reserved';`);

    this.addSql(`alter table if exists "coupon_batch" add constraint "coupon_batch_promotion_id_foreign" foreign key ("promotion_id") references "coupon_promotion" ("id") on update cascade;`);

    this.addSql(`alter table if exists "coupon" add constraint "coupon_promotion_id_foreign" foreign key ("promotion_id") references "coupon_promotion" ("id") on update cascade;`);

    this.addSql(`alter table if exists "coupon_redemption" add constraint "coupon_redemption_coupon_id_foreign" foreign key ("coupon_id") references "coupon" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "coupon_batch" drop constraint if exists "coupon_batch_promotion_id_foreign";`);

    this.addSql(`alter table if exists "coupon" drop constraint if exists "coupon_promotion_id_foreign";`);

    this.addSql(`alter table if exists "coupon_redemption" drop constraint if exists "coupon_redemption_coupon_id_foreign";`);

    this.addSql(`drop table if exists "coupon_assignment_rule" cascade;`);

    this.addSql(`drop table if exists "coupon_bulk_assignment" cascade;`);

    this.addSql(`drop table if exists "coupon_cart_code" cascade;`);

    this.addSql(`drop table if exists "coupon_failed_attempt" cascade;`);

    this.addSql(`drop table if exists "coupon_promotion" cascade;`);

    this.addSql(`drop table if exists "coupon_batch" cascade;`);

    this.addSql(`drop table if exists "coupon" cascade;`);

    this.addSql(`drop table if exists "coupon_redemption" cascade;`);
  }

}
