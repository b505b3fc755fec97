CREATE TABLE "product_options" (
	"product_id" text NOT NULL,
	"position" smallint NOT NULL,
	"name" text NOT NULL,
	"values" text[] NOT NULL,
	CONSTRAINT "product_options_product_id_position_pk" PRIMARY KEY("product_id","position"),
	CONSTRAINT "product_options_position_range" CHECK ("product_options"."position" between 1 and 3),
	CONSTRAINT "product_options_name_length" CHECK (char_length("product_options"."name") between 1 and 40),
	CONSTRAINT "product_options_has_values" CHECK (cardinality("product_options"."values") between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "product_variants" (
	"id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"sku" text NOT NULL,
	"option1" text,
	"option2" text,
	"option3" text,
	"price_cents" integer,
	"stock" integer DEFAULT 0 NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"image_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_variants_combination_unique" UNIQUE NULLS NOT DISTINCT("product_id","option1","option2","option3"),
	CONSTRAINT "product_variants_id_slug" CHECK (id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "product_variants_sku_format" CHECK ("product_variants"."sku" ~ '^[A-Z0-9][A-Z0-9._-]{0,63}$'),
	CONSTRAINT "product_variants_price_non_negative" CHECK ("product_variants"."price_cents" is null or "product_variants"."price_cents" >= 0),
	CONSTRAINT "product_variants_stock_non_negative" CHECK ("product_variants"."stock" >= 0),
	CONSTRAINT "product_variants_options_in_order" CHECK (("product_variants"."option2" is null or "product_variants"."option1" is not null) and ("product_variants"."option3" is null or "product_variants"."option2" is not null))
);
--> statement-breakpoint
ALTER TABLE "products" DROP CONSTRAINT "products_stock_non_negative";--> statement-breakpoint
ALTER TABLE "cart_lines" DROP CONSTRAINT "cart_lines_product_id_products_id_fk";
--> statement-breakpoint
DROP INDEX "cart_lines_product_idx";--> statement-breakpoint
DROP INDEX "products_price_keyset_idx";--> statement-breakpoint
ALTER TABLE "cart_lines" ADD COLUMN "variant_id" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "price_from_cents" integer;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "variant_id" text;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "sku" text;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "variant_label" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Every existing product becomes a product with one default variant: same id, today's stock,
-- no price override, a SKU made from the id (upper case; ids too long for a SKU keep a prefix
-- and a hash, so SKUs stay unique). Cart and order lines then name that variant.
INSERT INTO "product_variants" ("id", "product_id", "sku", "stock", "created_at", "updated_at")
SELECT "id", "id",
  CASE WHEN char_length("id") <= 64 THEN upper("id")
       ELSE upper(left("id", 55)) || '-' || upper(left(md5("id"), 8)) END,
  "stock", "created_at", "updated_at"
FROM "products";--> statement-breakpoint
UPDATE "products" SET "price_from_cents" = "price_cents";--> statement-breakpoint
ALTER TABLE "products" ALTER COLUMN "price_from_cents" SET NOT NULL;--> statement-breakpoint
UPDATE "cart_lines" SET "variant_id" = "product_id";--> statement-breakpoint
ALTER TABLE "cart_lines" ALTER COLUMN "variant_id" SET NOT NULL;--> statement-breakpoint
UPDATE "order_lines" SET "variant_id" = "order_lines"."product_id", "sku" = "v"."sku"
FROM "product_variants" "v" WHERE "v"."id" = "order_lines"."product_id";--> statement-breakpoint
ALTER TABLE "order_lines" ALTER COLUMN "variant_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ALTER COLUMN "sku" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "product_options" ADD CONSTRAINT "product_options_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_variants" ADD CONSTRAINT "product_variants_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_variants" ADD CONSTRAINT "product_variants_image_name_images_name_fk" FOREIGN KEY ("image_name") REFERENCES "public"."images"("name") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "product_options_name_unique" ON "product_options" USING btree ("product_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "product_variants_sku_unique" ON "product_variants" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "product_variants_product_idx" ON "product_variants" USING btree ("product_id","position");--> statement-breakpoint
ALTER TABLE "cart_lines" ADD CONSTRAINT "cart_lines_variant_id_product_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."product_variants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_variant_id_product_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."product_variants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cart_lines_variant_idx" ON "cart_lines" USING btree ("variant_id");--> statement-breakpoint
CREATE INDEX "order_lines_variant_idx" ON "order_lines" USING btree ("variant_id");--> statement-breakpoint
CREATE INDEX "products_price_keyset_idx" ON "products" USING btree ("price_from_cents","id" collate "C") WHERE "products"."archived" = false;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_price_from_non_negative" CHECK ("products"."price_from_cents" >= 0);