CREATE TABLE "device_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "device_tokens" ADD CONSTRAINT "device_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "device_tokens_token_hash_unique" ON "device_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "device_tokens_user_idx" ON "device_tokens" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "device_tokens_expires_idx" ON "device_tokens" USING btree ("expires_at");--> statement-breakpoint
-- Data: addresses stored before emails were folded to NFKC (modules/accounts/emails.ts) are
-- folded now, so their owners log in with the address as they type it. An address whose folded
-- form another account already has (or would get), or which would lose its shape, is left as
-- it is: docs/decisions.md says how an operator resolves those.
UPDATE "users" AS "u" SET "email" = lower(normalize("u"."email", NFKC))
WHERE "u"."email" <> lower(normalize("u"."email", NFKC))
  AND lower(normalize("u"."email", NFKC)) ~ '^[^@\s]+@[^@\s]+$'
  AND (
    SELECT count(*) FROM "users" AS "o"
    WHERE lower(normalize("o"."email", NFKC)) = lower(normalize("u"."email", NFKC))
  ) = 1;
