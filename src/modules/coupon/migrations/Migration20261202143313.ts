import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202143313 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "coupon_cart_code" add column if not exists "customer_id" text null;`);

    this.addSql(`alter table if exists "coupon_failed_attempt" add column if not exists "customer_id" text null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_failed_attempt_customer_id_created_at" ON "coupon_failed_attempt" ("customer_id", "created_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "coupon_cart_code" drop column if exists "customer_id";`);

    this.addSql(`drop index if exists "IDX_coupon_failed_attempt_customer_id_created_at";`);
    this.addSql(`alter table if exists "coupon_failed_attempt" drop column if exists "customer_id";`);
  }

}
