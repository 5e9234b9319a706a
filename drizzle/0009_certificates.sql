CREATE TABLE "certificate" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"cohort_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"holder_name" text NOT NULL,
	"cohort_name" text NOT NULL,
	"cooperative_name" text NOT NULL,
	"federation_name" text NOT NULL,
	"courses" jsonb NOT NULL,
	"credential" jsonb NOT NULL,
	"key_id" text NOT NULL,
	"issued_by" text,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	"revoke_reason" text,
	CONSTRAINT "certificate_revoked_check" CHECK (("certificate"."revoked_at" is null) = ("certificate"."revoke_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "certificate_rule" (
	"cohort_id" uuid PRIMARY KEY NOT NULL,
	"min_attendance" integer NOT NULL,
	"require_post_test" boolean NOT NULL,
	"require_plan_approved" boolean NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificate_rule_attendance_check" CHECK ("certificate_rule"."min_attendance" between 0 and 100),
	CONSTRAINT "certificate_rule_revision_check" CHECK ("certificate_rule"."revision" >= 1)
);
--> statement-breakpoint
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_cohort_id_cohort_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohort"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_issued_by_user_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_revoked_by_user_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_rule" ADD CONSTRAINT "certificate_rule_cohort_id_cohort_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohort"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_rule" ADD CONSTRAINT "certificate_rule_updated_by_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_code_key" ON "certificate" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_client_person_key" ON "certificate" USING btree ("client_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_standing_key" ON "certificate" USING btree ("cohort_id","person_id") WHERE "certificate"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "certificate_person_idx" ON "certificate" USING btree ("person_id");