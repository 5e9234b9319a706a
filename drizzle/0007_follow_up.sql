CREATE TABLE "follow_up_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"update_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"revision" integer NOT NULL,
	"data" jsonb NOT NULL,
	"actor_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "follow_up_round" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cohort_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"label" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_up_round_label_check" CHECK (length("follow_up_round"."label") between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "follow_up_update" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"workbook_id" uuid NOT NULL,
	"item_key" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"status" text NOT NULL,
	"percent" integer NOT NULL,
	"indicator_value" text,
	"spent" bigint,
	"note" text,
	"evidence_name" text,
	"evidence_type" text,
	"evidence_bytes" integer,
	"evidence_path" text,
	"revision" integer NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"review_state" text DEFAULT 'pending' NOT NULL,
	"reviewer_note" text,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	CONSTRAINT "follow_up_update_percent_check" CHECK ("follow_up_update"."percent" between 0 and 100),
	CONSTRAINT "follow_up_update_spent_check" CHECK ("follow_up_update"."spent" is null or "follow_up_update"."spent" >= 0),
	CONSTRAINT "follow_up_update_revision_check" CHECK ("follow_up_update"."revision" >= 1),
	CONSTRAINT "follow_up_update_evidence_check" CHECK ("follow_up_update"."evidence_path" is null or ("follow_up_update"."evidence_type" in ('image/jpeg', 'image/png', 'image/webp', 'application/pdf') and "follow_up_update"."evidence_bytes" > 0))
);
--> statement-breakpoint
ALTER TABLE "follow_up_event" ADD CONSTRAINT "follow_up_event_update_id_follow_up_update_id_fk" FOREIGN KEY ("update_id") REFERENCES "public"."follow_up_update"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_event" ADD CONSTRAINT "follow_up_event_actor_id_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_round" ADD CONSTRAINT "follow_up_round_cohort_id_cohort_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohort"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_round" ADD CONSTRAINT "follow_up_round_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_update" ADD CONSTRAINT "follow_up_update_round_id_follow_up_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."follow_up_round"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_update" ADD CONSTRAINT "follow_up_update_workbook_id_workbook_id_fk" FOREIGN KEY ("workbook_id") REFERENCES "public"."workbook"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_update" ADD CONSTRAINT "follow_up_update_updated_by_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_update" ADD CONSTRAINT "follow_up_update_reviewed_by_user_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "follow_up_event_client_key" ON "follow_up_event" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "follow_up_event_update_idx" ON "follow_up_event" USING btree ("update_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "follow_up_round_cohort_due_key" ON "follow_up_round" USING btree ("cohort_id","due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "follow_up_update_item_key" ON "follow_up_update" USING btree ("round_id","workbook_id","item_key");--> statement-breakpoint
CREATE INDEX "follow_up_update_workbook_idx" ON "follow_up_update" USING btree ("workbook_id");