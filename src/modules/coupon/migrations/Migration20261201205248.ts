import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201205248 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "coupon" drop constraint if exists "coupon_promotion_id_foreign";`);

    this.addSql(`drop index if exists "IDX_coupon_promotion_id";`);
    this.addSql(`drop index if exists "IDX_coupon_batch_id";`);

    // Written by hand: DML gives every model an index on deleted_at (it stays in the snapshot, so generated
    // migrations leave this alone). No query reads coupons by deleted_at alone, and every code loaded into a
    // batch paid one more index insert for it. See the coupon model.
    this.addSql(`drop index if exists "IDX_coupon_deleted_at";`);
  }

  override async down(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_deleted_at" ON "coupon" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`alter table if exists "coupon" add constraint "coupon_promotion_id_foreign" foreign key ("promotion_id") references "coupon_promotion" ("id") on update cascade;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_promotion_id" ON "coupon" ("promotion_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_batch_id" ON "coupon" ("batch_id") WHERE deleted_at IS NULL;`);
  }

}
