-- Sign-in failures are counted in one row per account or address (updated atomically).
DROP TABLE "sign_in_attempt" CASCADE;--> statement-breakpoint
CREATE TABLE "sign_in_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"wait_until" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL
);
