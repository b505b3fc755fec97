-- The shop's shipping zones and methods to start from (an admin edits them). Prices in the
-- shop's currency, in cents; see modules/shipping/rates.ts for how bands price a subtotal.
INSERT INTO "shipping_zones" ("id", "name", "position", "areas") VALUES ('us', 'United States', 0, '[{"country":"US","region":null}]');
--> statement-breakpoint
INSERT INTO "shipping_methods" ("id", "zone_id", "name", "min_days", "max_days", "position", "bands") VALUES ('us-standard', 'us', 'Standard', 3, 5, 0, '[{"fromCents":0,"priceCents":599},{"fromCents":10000,"priceCents":0}]');
--> statement-breakpoint
INSERT INTO "shipping_methods" ("id", "zone_id", "name", "min_days", "max_days", "position", "bands") VALUES ('us-express', 'us', 'Express', 1, 2, 1, '[{"fromCents":0,"priceCents":1499}]');
--> statement-breakpoint
INSERT INTO "shipping_zones" ("id", "name", "position", "areas") VALUES ('us-remote', 'United States: Alaska and Hawaii', 1, '[{"country":"US","region":"AK"},{"country":"US","region":"HI"}]');
--> statement-breakpoint
INSERT INTO "shipping_methods" ("id", "zone_id", "name", "min_days", "max_days", "position", "bands") VALUES ('us-remote-standard', 'us-remote', 'Standard', 5, 9, 0, '[{"fromCents":0,"priceCents":1299},{"fromCents":15000,"priceCents":0}]');
--> statement-breakpoint
INSERT INTO "shipping_methods" ("id", "zone_id", "name", "min_days", "max_days", "position", "bands") VALUES ('us-remote-express', 'us-remote', 'Express', 2, 3, 1, '[{"fromCents":0,"priceCents":2999}]');
--> statement-breakpoint
INSERT INTO "shipping_zones" ("id", "name", "position", "areas") VALUES ('ca', 'Canada', 2, '[{"country":"CA","region":null}]');
--> statement-breakpoint
INSERT INTO "shipping_methods" ("id", "zone_id", "name", "min_days", "max_days", "position", "bands") VALUES ('ca-standard', 'ca', 'Standard', 5, 8, 0, '[{"fromCents":0,"priceCents":999},{"fromCents":5000,"priceCents":599},{"fromCents":10000,"priceCents":0}]');
--> statement-breakpoint
INSERT INTO "shipping_methods" ("id", "zone_id", "name", "min_days", "max_days", "position", "bands") VALUES ('ca-express', 'ca', 'Express', 2, 3, 1, '[{"fromCents":0,"priceCents":2499}]');
--> statement-breakpoint
INSERT INTO "shipping_zones" ("id", "name", "position", "areas") VALUES ('gb', 'United Kingdom', 3, '[{"country":"GB","region":null}]');
--> statement-breakpoint
INSERT INTO "shipping_methods" ("id", "zone_id", "name", "min_days", "max_days", "position", "bands") VALUES ('gb-standard', 'gb', 'Standard', 4, 6, 0, '[{"fromCents":0,"priceCents":1199},{"fromCents":12000,"priceCents":0}]');
--> statement-breakpoint
INSERT INTO "shipping_methods" ("id", "zone_id", "name", "min_days", "max_days", "position", "bands") VALUES ('gb-express', 'gb', 'Express', 2, 3, 1, '[{"fromCents":0,"priceCents":2799}]');
--> statement-breakpoint
INSERT INTO "shipping_zones" ("id", "name", "position", "areas") VALUES ('eu', 'European Union', 4, '[{"country":"AT","region":null},{"country":"BE","region":null},{"country":"BG","region":null},{"country":"HR","region":null},{"country":"CY","region":null},{"country":"CZ","region":null},{"country":"DK","region":null},{"country":"EE","region":null},{"country":"FI","region":null},{"country":"FR","region":null},{"country":"DE","region":null},{"country":"GR","region":null},{"country":"HU","region":null},{"country":"IE","region":null},{"country":"IT","region":null},{"country":"LV","region":null},{"country":"LT","region":null},{"country":"LU","region":null},{"country":"MT","region":null},{"country":"NL","region":null},{"country":"PL","region":null},{"country":"PT","region":null},{"country":"RO","region":null},{"country":"SK","region":null},{"country":"SI","region":null},{"country":"ES","region":null},{"country":"SE","region":null}]');
--> statement-breakpoint
INSERT INTO "shipping_methods" ("id", "zone_id", "name", "min_days", "max_days", "position", "bands") VALUES ('eu-standard', 'eu', 'Standard', 5, 8, 0, '[{"fromCents":0,"priceCents":1299},{"fromCents":12000,"priceCents":0}]');
--> statement-breakpoint
INSERT INTO "shipping_methods" ("id", "zone_id", "name", "min_days", "max_days", "position", "bands") VALUES ('eu-express', 'eu', 'Express', 2, 4, 1, '[{"fromCents":0,"priceCents":2999}]');
--> statement-breakpoint
INSERT INTO "shipping_zones" ("id", "name", "position", "areas") VALUES ('au', 'Australia', 5, '[{"country":"AU","region":null}]');
--> statement-breakpoint
INSERT INTO "shipping_methods" ("id", "zone_id", "name", "min_days", "max_days", "position", "bands") VALUES ('au-standard', 'au', 'Standard', 7, 12, 0, '[{"fromCents":0,"priceCents":1699},{"fromCents":15000,"priceCents":0}]');
--> statement-breakpoint
INSERT INTO "shipping_methods" ("id", "zone_id", "name", "min_days", "max_days", "position", "bands") VALUES ('au-express', 'au', 'Express', 3, 5, 1, '[{"fromCents":0,"priceCents":3999}]');
