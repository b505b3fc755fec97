CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"actor_id" uuid NOT NULL,
	"actor_email" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_log_action_known" CHECK (action in ('product.create', 'product.update', 'product.archive', 'product.restore', 'stock.set', 'stock.adjust', 'image.upload', 'order.cancel', 'order.refund')),
	CONSTRAINT "audit_log_target_known" CHECK (target_type in ('product', 'order', 'image'))
);
--> statement-breakpoint
ALTER TABLE "images" ADD COLUMN "width" integer;--> statement-breakpoint
ALTER TABLE "images" ADD COLUMN "height" integer;--> statement-breakpoint
-- Hand-written: every image stored before this migration is a generated 800x800 illustration.
UPDATE "images" SET "width" = 800, "height" = 800;--> statement-breakpoint
ALTER TABLE "images" ALTER COLUMN "width" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "images" ALTER COLUMN "height" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "image_name" text;--> statement-breakpoint
-- Hand-written: products named their image by URL (/images/<name>); now by the image's key.
UPDATE "products" SET "image_name" = substring("image" from 9) WHERE "image" LIKE '/images/%';--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_type","target_id","id");--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_image_name_images_name_fk" FOREIGN KEY ("image_name") REFERENCES "public"."images"("name") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "orders" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "orders_paid_idx" ON "orders" USING btree ("paid_at");--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_size_positive" CHECK ("images"."width" > 0 and "images"."height" > 0);