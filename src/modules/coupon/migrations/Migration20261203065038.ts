import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203065038 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "coupon_promotion" add column if not exists "notify_on_assign" boolean not null default true;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "coupon_promotion" drop column if exists "notify_on_assign";`);
  }

}
