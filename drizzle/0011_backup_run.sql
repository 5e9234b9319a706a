CREATE TABLE "backup_run" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trigger" text NOT NULL,
	"scheduled_for" date,
	"client_id" uuid,
	"requested_by" text,
	"status" text NOT NULL,
	"file_name" text,
	"size_bytes" bigint,
	"sha256" text,
	"row_count" bigint,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"verify_ok" boolean,
	"verify_report" jsonb,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "backup_run" ADD CONSTRAINT "backup_run_requested_by_user_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "backup_run_scheduled_key" ON "backup_run" USING btree ("scheduled_for");--> statement-breakpoint
CREATE UNIQUE INDEX "backup_run_client_key" ON "backup_run" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "backup_run_started_idx" ON "backup_run" USING btree ("started_at");