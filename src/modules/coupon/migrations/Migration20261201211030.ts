import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201211030 extends Migration {

  override async up(): Promise<void> {
    // Generated: the batch_id index left the model.
    this.addSql(`drop index if exists "IDX_coupon_batch_id";`);

    // Written by hand, and kept in the snapshot so generated migrations leave them alone: what DML adds to
    // `coupon` that bulk loading paid for on every code and no query needs (see the coupon model). The foreign key
    // to coupon_promotion was a per-row trigger; IDX_coupon_promotion_id is a prefix of
    // IDX_coupon_promotion_id_state; no query reads coupons by deleted_at alone.
    this.addSql(`alter table if exists "coupon" drop constraint if exists "coupon_promotion_id_foreign";`);
    this.addSql(`drop index if exists "IDX_coupon_promotion_id";`);
    this.addSql(`drop index if exists "IDX_coupon_deleted_at";`);
  }

  override async down(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_deleted_at" ON "coupon" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_promotion_id" ON "coupon" ("promotion_id") WHERE deleted_at IS NULL;`);
    this.addSql(`alter table if exists "coupon" add constraint "coupon_promotion_id_foreign" foreign key ("promotion_id") references "coupon_promotion" ("id") on update cascade;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_coupon_batch_id" ON "coupon" ("batch_id") WHERE deleted_at IS NULL;`);
  }

}
