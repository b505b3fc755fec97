ALTER TABLE "orders" ADD COLUMN "legacy_client_id" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_legacy_client_id_legacy_api_clients_id_fk" FOREIGN KEY ("legacy_client_id") REFERENCES "public"."legacy_api_clients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "orders_awaiting_payment_client_idx" ON "orders" USING btree ("legacy_client_id") WHERE "orders"."status" = 'awaiting_payment';--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_legacy_client_legacy_only" CHECK ("orders"."legacy_client_id" is null or "orders"."source" = 'legacy');--> statement-breakpoint
-- Data: orders never recorded their token, so an existing legacy order gets the API client of
-- the one checked-out legacy cart that has exactly its lines and was closed within a minute
-- after the order was made (the checkout closes the cart in the order's transaction), when that
-- cart's token still names a client. Otherwise (a demo-mode token, a token deleted since, two
-- fitting carts) it keeps none and counts with the demo-mode orders.
UPDATE "orders" SET "legacy_client_id" = "matched"."client_id"
FROM (
  SELECT "o"."id" AS "order_id", min("t"."client_id"::text)::uuid AS "client_id"
  FROM "orders" "o"
  JOIN "carts" "c" ON "c"."legacy_token_id" IS NOT NULL AND "c"."status" = 'checked_out'
    AND "c"."updated_at" >= "o"."created_at" AND "c"."updated_at" < "o"."created_at" + interval '1 minute'
    AND (SELECT array_agg("l"."product_id" || ':' || "l"."quantity" ORDER BY "l"."product_id")
         FROM "order_lines" "l" WHERE "l"."order_id" = "o"."id")
      = (SELECT array_agg("cl"."product_id" || ':' || "cl"."quantity" ORDER BY "cl"."product_id")
         FROM "cart_lines" "cl" WHERE "cl"."cart_id" = "c"."id")
  LEFT JOIN "legacy_tokens" "t" ON "t"."id" = "c"."legacy_token_id"
  WHERE "o"."source" = 'legacy'
  GROUP BY "o"."id"
  HAVING count(*) = 1 AND min("t"."client_id"::text) IS NOT NULL
) AS "matched"
WHERE "orders"."id" = "matched"."order_id";
