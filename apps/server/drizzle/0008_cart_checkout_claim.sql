ALTER TABLE "carts" ADD COLUMN "checkout_order_id" uuid;--> statement-breakpoint
CREATE INDEX "carts_checkout_order_idx" ON "carts" USING btree ("checkout_order_id") WHERE "carts"."checkout_order_id" is not null;--> statement-breakpoint
-- Orders still pending when this runs were made from their shopper's open cart (a cart is only
-- closed when its order is paid): that cart is theirs, so the sweeper's settlement consumes it.
UPDATE "carts" SET "checkout_order_id" = (
  SELECT "o"."id" FROM "orders" "o"
  WHERE "o"."user_id" = "carts"."user_id" AND "o"."status" = 'pending' AND "o"."source" = 'storefront'
  ORDER BY "o"."created_at" DESC LIMIT 1
) WHERE "status" = 'open' AND "user_id" IS NOT NULL;
