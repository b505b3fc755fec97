ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_action_known";--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "fulfilment" text DEFAULT 'unfulfilled' NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "carrier" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "tracking_number" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "tracking_url" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "shipped_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "delivered_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "orders_to_ship_idx" ON "orders" USING btree ("paid_at") WHERE "orders"."status" = 'paid' and "orders"."fulfilment" = 'unfulfilled';--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_action_known" CHECK (action in ('product.create', 'product.update', 'product.archive', 'product.restore', 'stock.set', 'stock.adjust', 'stock.bulk_set', 'product.options', 'variant.update', 'variant.archive', 'variant.restore', 'image.upload', 'order.cancel', 'order.refund', 'order.confirm_payment', 'order.ship', 'order.deliver', 'api_client.create', 'api_client.revoke', 'shipping_zone.save', 'shipping_zone.delete', 'tax_rule.save', 'tax_rule.delete'));--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_fulfilment_known" CHECK (fulfilment in ('unfulfilled', 'shipped', 'delivered'));