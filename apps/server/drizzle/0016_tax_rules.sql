CREATE TABLE "tax_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"country" text NOT NULL,
	"region" text,
	"components" jsonb NOT NULL,
	"prices_include_tax" boolean NOT NULL,
	"shipping_taxed" boolean NOT NULL
);
