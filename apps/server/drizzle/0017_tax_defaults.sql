-- Tax rules to start from, for every destination the default shipping zones serve: US state
-- sales tax (state rates only; local taxes are not modelled), Canadian GST/HST/PST/QST, EU VAT
-- standard rates, UK VAT and Australian GST, as of 2026. Rates in parts per million
-- (modules/tax/rules.ts). A shop must have its rules confirmed by its tax adviser.
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-AL', 'US', 'AL', '[{"name":"Sales tax","ratePpm":40000}]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-AK', 'US', 'AK', '[]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-AZ', 'US', 'AZ', '[{"name":"Sales tax","ratePpm":56000}]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-AR', 'US', 'AR', '[{"name":"Sales tax","ratePpm":65000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-CA', 'US', 'CA', '[{"name":"Sales tax","ratePpm":72500}]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-CO', 'US', 'CO', '[{"name":"Sales tax","ratePpm":29000}]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-CT', 'US', 'CT', '[{"name":"Sales tax","ratePpm":63500}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-DE', 'US', 'DE', '[]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-DC', 'US', 'DC', '[{"name":"Sales tax","ratePpm":60000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-FL', 'US', 'FL', '[{"name":"Sales tax","ratePpm":60000}]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-GA', 'US', 'GA', '[{"name":"Sales tax","ratePpm":40000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-HI', 'US', 'HI', '[{"name":"Sales tax","ratePpm":40000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-ID', 'US', 'ID', '[{"name":"Sales tax","ratePpm":60000}]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-IL', 'US', 'IL', '[{"name":"Sales tax","ratePpm":62500}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-IN', 'US', 'IN', '[{"name":"Sales tax","ratePpm":70000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-IA', 'US', 'IA', '[{"name":"Sales tax","ratePpm":60000}]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-KS', 'US', 'KS', '[{"name":"Sales tax","ratePpm":65000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-KY', 'US', 'KY', '[{"name":"Sales tax","ratePpm":60000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-LA', 'US', 'LA', '[{"name":"Sales tax","ratePpm":50000}]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-ME', 'US', 'ME', '[{"name":"Sales tax","ratePpm":55000}]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-MD', 'US', 'MD', '[{"name":"Sales tax","ratePpm":60000}]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-MA', 'US', 'MA', '[{"name":"Sales tax","ratePpm":62500}]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-MI', 'US', 'MI', '[{"name":"Sales tax","ratePpm":60000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-MN', 'US', 'MN', '[{"name":"Sales tax","ratePpm":68750}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-MS', 'US', 'MS', '[{"name":"Sales tax","ratePpm":70000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-MO', 'US', 'MO', '[{"name":"Sales tax","ratePpm":42250}]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-MT', 'US', 'MT', '[]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-NE', 'US', 'NE', '[{"name":"Sales tax","ratePpm":55000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-NV', 'US', 'NV', '[{"name":"Sales tax","ratePpm":68500}]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-NH', 'US', 'NH', '[]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-NJ', 'US', 'NJ', '[{"name":"Sales tax","ratePpm":66250}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-NM', 'US', 'NM', '[{"name":"Sales tax","ratePpm":48750}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-NY', 'US', 'NY', '[{"name":"Sales tax","ratePpm":40000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-NC', 'US', 'NC', '[{"name":"Sales tax","ratePpm":47500}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-ND', 'US', 'ND', '[{"name":"Sales tax","ratePpm":50000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-OH', 'US', 'OH', '[{"name":"Sales tax","ratePpm":57500}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-OK', 'US', 'OK', '[{"name":"Sales tax","ratePpm":45000}]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-OR', 'US', 'OR', '[]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-PA', 'US', 'PA', '[{"name":"Sales tax","ratePpm":60000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-RI', 'US', 'RI', '[{"name":"Sales tax","ratePpm":70000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-SC', 'US', 'SC', '[{"name":"Sales tax","ratePpm":60000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-SD', 'US', 'SD', '[{"name":"Sales tax","ratePpm":42000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-TN', 'US', 'TN', '[{"name":"Sales tax","ratePpm":70000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-TX', 'US', 'TX', '[{"name":"Sales tax","ratePpm":62500}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-UT', 'US', 'UT', '[{"name":"Sales tax","ratePpm":61000}]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-VT', 'US', 'VT', '[{"name":"Sales tax","ratePpm":60000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-VA', 'US', 'VA', '[{"name":"Sales tax","ratePpm":53000}]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-WA', 'US', 'WA', '[{"name":"Sales tax","ratePpm":65000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-WV', 'US', 'WV', '[{"name":"Sales tax","ratePpm":60000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-WI', 'US', 'WI', '[{"name":"Sales tax","ratePpm":50000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('US-WY', 'US', 'WY', '[{"name":"Sales tax","ratePpm":40000}]', false, false);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('CA-AB', 'CA', 'AB', '[{"name":"GST","ratePpm":50000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('CA-BC', 'CA', 'BC', '[{"name":"GST","ratePpm":50000},{"name":"PST","ratePpm":70000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('CA-MB', 'CA', 'MB', '[{"name":"GST","ratePpm":50000},{"name":"RST","ratePpm":70000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('CA-NB', 'CA', 'NB', '[{"name":"HST","ratePpm":150000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('CA-NL', 'CA', 'NL', '[{"name":"HST","ratePpm":150000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('CA-NS', 'CA', 'NS', '[{"name":"HST","ratePpm":140000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('CA-NT', 'CA', 'NT', '[{"name":"GST","ratePpm":50000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('CA-NU', 'CA', 'NU', '[{"name":"GST","ratePpm":50000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('CA-ON', 'CA', 'ON', '[{"name":"HST","ratePpm":130000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('CA-PE', 'CA', 'PE', '[{"name":"HST","ratePpm":150000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('CA-QC', 'CA', 'QC', '[{"name":"GST","ratePpm":50000},{"name":"QST","ratePpm":99750}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('CA-SK', 'CA', 'SK', '[{"name":"GST","ratePpm":50000},{"name":"PST","ratePpm":60000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('CA-YT', 'CA', 'YT', '[{"name":"GST","ratePpm":50000}]', false, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('AT', 'AT', NULL, '[{"name":"VAT","ratePpm":200000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('BE', 'BE', NULL, '[{"name":"VAT","ratePpm":210000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('BG', 'BG', NULL, '[{"name":"VAT","ratePpm":200000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('HR', 'HR', NULL, '[{"name":"VAT","ratePpm":250000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('CY', 'CY', NULL, '[{"name":"VAT","ratePpm":190000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('CZ', 'CZ', NULL, '[{"name":"VAT","ratePpm":210000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('DK', 'DK', NULL, '[{"name":"VAT","ratePpm":250000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('EE', 'EE', NULL, '[{"name":"VAT","ratePpm":240000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('FI', 'FI', NULL, '[{"name":"VAT","ratePpm":255000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('FR', 'FR', NULL, '[{"name":"VAT","ratePpm":200000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('DE', 'DE', NULL, '[{"name":"VAT","ratePpm":190000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('GR', 'GR', NULL, '[{"name":"VAT","ratePpm":240000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('HU', 'HU', NULL, '[{"name":"VAT","ratePpm":270000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('IE', 'IE', NULL, '[{"name":"VAT","ratePpm":230000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('IT', 'IT', NULL, '[{"name":"VAT","ratePpm":220000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('LV', 'LV', NULL, '[{"name":"VAT","ratePpm":210000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('LT', 'LT', NULL, '[{"name":"VAT","ratePpm":210000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('LU', 'LU', NULL, '[{"name":"VAT","ratePpm":170000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('MT', 'MT', NULL, '[{"name":"VAT","ratePpm":180000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('NL', 'NL', NULL, '[{"name":"VAT","ratePpm":210000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('PL', 'PL', NULL, '[{"name":"VAT","ratePpm":230000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('PT', 'PT', NULL, '[{"name":"VAT","ratePpm":230000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('RO', 'RO', NULL, '[{"name":"VAT","ratePpm":210000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('SK', 'SK', NULL, '[{"name":"VAT","ratePpm":230000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('SI', 'SI', NULL, '[{"name":"VAT","ratePpm":220000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('ES', 'ES', NULL, '[{"name":"VAT","ratePpm":210000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('SE', 'SE', NULL, '[{"name":"VAT","ratePpm":250000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('GB', 'GB', NULL, '[{"name":"VAT","ratePpm":200000}]', true, true);
--> statement-breakpoint
INSERT INTO "tax_rules" ("id", "country", "region", "components", "prices_include_tax", "shipping_taxed") VALUES ('AU', 'AU', NULL, '[{"name":"GST","ratePpm":100000}]', true, true);
