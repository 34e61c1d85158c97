import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202152436 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "coupon_bulk_assignment" add column if not exists "cursor" text null, add column if not exists "heartbeat_at" timestamptz null, add column if not exists "recovery_attempts" integer not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "coupon_bulk_assignment" drop column if exists "cursor", drop column if exists "heartbeat_at", drop column if exists "recovery_attempts";`);
  }

}
