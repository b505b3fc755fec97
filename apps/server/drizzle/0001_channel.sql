CREATE TABLE "channel_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"wrapped_private_key" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retires_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channel_seen_salts" (
	"sid" text NOT NULL,
	"salt" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "channel_seen_salts_sid_salt_pk" PRIMARY KEY("sid","salt")
);
--> statement-breakpoint
CREATE TABLE "channel_sessions" (
	"sid" text PRIMARY KEY NOT NULL,
	"kid" text NOT NULL,
	"wrapped_secret" "bytea" NOT NULL,
	"user_id" uuid,
	"login_session_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "channel_sessions" ADD CONSTRAINT "channel_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_sessions" ADD CONSTRAINT "channel_sessions_login_session_id_sessions_id_fk" FOREIGN KEY ("login_session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "channel_seen_salts_expires_idx" ON "channel_seen_salts" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "channel_sessions_expires_idx" ON "channel_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "channel_sessions_user_idx" ON "channel_sessions" USING btree ("user_id");