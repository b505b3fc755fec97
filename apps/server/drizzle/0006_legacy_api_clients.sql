CREATE TABLE "legacy_api_clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"key_hash" "bytea" NOT NULL,
	"key_hint" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "legacy_api_clients_key_hash_unique" UNIQUE("key_hash"),
	CONSTRAINT "legacy_api_clients_name_length" CHECK (char_length("legacy_api_clients"."name") between 1 and 100)
);
--> statement-breakpoint
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_action_known";--> statement-breakpoint
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_target_known";--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_status_known";--> statement-breakpoint
ALTER TABLE "legacy_tokens" ADD COLUMN "client_id" uuid;--> statement-breakpoint
ALTER TABLE "legacy_api_clients" ADD CONSTRAINT "legacy_api_clients_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "legacy_api_clients_created_idx" ON "legacy_api_clients" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "legacy_tokens" ADD CONSTRAINT "legacy_tokens_client_id_legacy_api_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."legacy_api_clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "legacy_tokens_client_idx" ON "legacy_tokens" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "orders_awaiting_payment_reservation_idx" ON "orders" USING btree ("reserved_until") WHERE "orders"."status" = 'awaiting_payment';--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_action_known" CHECK (action in ('product.create', 'product.update', 'product.archive', 'product.restore', 'stock.set', 'stock.adjust', 'image.upload', 'order.cancel', 'order.refund', 'order.confirm_payment', 'api_client.create', 'api_client.revoke'));--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_target_known" CHECK (target_type in ('product', 'order', 'image', 'api_client'));--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_status_known" CHECK (status in ('pending', 'awaiting_payment', 'paid', 'failed', 'refunded', 'cancelled'));--> statement-breakpoint
-- Data: a legacy order that says `paid` without any payment record was never paid (the legacy
-- checkout used to mark every order paid). It now awaits payment, with no expiry: an admin
-- confirms how it was paid or cancels it (its stock goes back then). Sales no longer count it.
UPDATE "orders" SET "status" = 'awaiting_payment', "paid_at" = NULL, "reserved_until" = NULL, "updated_at" = now()
WHERE "source" = 'legacy' AND "status" = 'paid'
  AND NOT EXISTS (SELECT 1 FROM "payments" WHERE "payments"."order_id" = "orders"."id");
