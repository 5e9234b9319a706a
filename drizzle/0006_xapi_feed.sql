CREATE TABLE "api_key" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"scope" text NOT NULL,
	"programme_id" uuid,
	"federation_id" uuid,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_key_scope_check" CHECK (("api_key"."scope" = 'all' and "api_key"."programme_id" is null and "api_key"."federation_id" is null)
				or ("api_key"."scope" = 'programme' and "api_key"."programme_id" is not null and "api_key"."federation_id" is null)
				or ("api_key"."scope" = 'federation' and "api_key"."federation_id" is not null and "api_key"."programme_id" is null)),
	CONSTRAINT "api_key_name_check" CHECK (length("api_key"."name") between 1 and 100)
);
--> statement-breakpoint
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_federation_id_federation_id_fk" FOREIGN KEY ("federation_id") REFERENCES "public"."federation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_key_created_idx" ON "api_key" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "learning_event_stored_idx" ON "learning_event" USING btree ("stored_at","id");--> statement-breakpoint
CREATE INDEX "learning_event_cooperative_idx" ON "learning_event" USING btree ((("context" ->> 'cooperative')),"stored_at","id");--> statement-breakpoint
CREATE INDEX "learning_event_cohort_idx" ON "learning_event" USING btree ((("context" ->> 'cohort')),"stored_at","id");