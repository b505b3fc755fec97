CREATE TABLE "test_gateway_ledger" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operation" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_fingerprint" text NOT NULL,
	"reference" text NOT NULL,
	"refund_reference" text,
	"amount_cents" integer NOT NULL,
	"currency" char(3) NOT NULL,
	"status" text NOT NULL,
	"decline_code" text,
	"card_brand" text,
	"card_last4" char(4),
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "test_gateway_ledger_operation_known" CHECK ("test_gateway_ledger"."operation" in ('authorize', 'capture', 'refund', 'void')),
	CONSTRAINT "test_gateway_ledger_status_known" CHECK ("test_gateway_ledger"."status" in ('succeeded', 'failed')),
	CONSTRAINT "test_gateway_ledger_decline_iff_failed" CHECK (("test_gateway_ledger"."status" = 'failed') = ("test_gateway_ledger"."decline_code" is not null)),
	CONSTRAINT "test_gateway_ledger_amount_non_negative" CHECK ("test_gateway_ledger"."amount_cents" >= 0),
	CONSTRAINT "test_gateway_ledger_card_on_authorize_only" CHECK (("test_gateway_ledger"."operation" = 'authorize') = ("test_gateway_ledger"."card_last4" is not null and "test_gateway_ledger"."card_brand" is not null)),
	CONSTRAINT "test_gateway_ledger_last4_digits" CHECK ("test_gateway_ledger"."card_last4" ~ '^[0-9]{4}$'),
	CONSTRAINT "test_gateway_ledger_refund_reference" CHECK (("test_gateway_ledger"."refund_reference" is not null) = ("test_gateway_ledger"."operation" = 'refund' and "test_gateway_ledger"."status" = 'succeeded'))
);
--> statement-breakpoint
ALTER TABLE "idempotency_records" ADD COLUMN "order_id" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "reserved_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "refunded_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "test_gateway_ledger_operation_key_unique" ON "test_gateway_ledger" USING btree ("operation","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "test_gateway_ledger_authorization_unique" ON "test_gateway_ledger" USING btree ("reference") WHERE "test_gateway_ledger"."operation" = 'authorize';--> statement-breakpoint
CREATE INDEX "test_gateway_ledger_reference_idx" ON "test_gateway_ledger" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "orders_pending_reservation_idx" ON "orders" USING btree ("reserved_until") WHERE "orders"."status" = 'pending';