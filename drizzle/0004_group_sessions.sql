CREATE TABLE "activity_response" (
	"run_id" uuid NOT NULL,
	"step" integer NOT NULL,
	"data" jsonb NOT NULL,
	"score" integer,
	"max_score" integer,
	"revision" integer DEFAULT 1 NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activity_response_run_id_step_pk" PRIMARY KEY("run_id","step")
);
--> statement-breakpoint
CREATE TABLE "run_attendance" (
	"run_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_attendance_run_id_person_id_pk" PRIMARY KEY("run_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "run_checkin" (
	"run_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"score" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_checkin_run_id_person_id_pk" PRIMARY KEY("run_id","person_id"),
	CONSTRAINT "run_checkin_score_check" CHECK ("run_checkin"."score" between 1 and 3)
);
--> statement-breakpoint
CREATE TABLE "run_decision" (
	"run_id" uuid NOT NULL,
	"step" integer NOT NULL,
	"method" text NOT NULL,
	"option_id" text NOT NULL,
	"votes_yes" integer,
	"votes_no" integer,
	"votes_abstain" integer,
	"reasons" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_decision_run_id_step_pk" PRIMARY KEY("run_id","step"),
	CONSTRAINT "run_decision_votes_check" CHECK (("run_decision"."method" = 'consensus') or ("run_decision"."votes_yes" >= 0 and "run_decision"."votes_no" >= 0 and "run_decision"."votes_abstain" >= 0))
);
--> statement-breakpoint
CREATE TABLE "run_extension" (
	"id" uuid PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"step" integer NOT NULL,
	"minutes" integer NOT NULL,
	"by_user" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_note" (
	"run_id" uuid NOT NULL,
	"step" integer NOT NULL,
	"text" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_note_run_id_step_pk" PRIMARY KEY("run_id","step")
);
--> statement-breakpoint
CREATE TABLE "run_role" (
	"run_id" uuid NOT NULL,
	"role" text NOT NULL,
	"step" integer DEFAULT -1 NOT NULL,
	"person_id" uuid NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_role_run_id_role_step_pk" PRIMARY KEY("run_id","role","step")
);
--> statement-breakpoint
CREATE TABLE "session_run" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"cohort_id" uuid NOT NULL,
	"course" text NOT NULL,
	"module" text NOT NULL,
	"session" text NOT NULL,
	"content_version" text NOT NULL,
	"mode" text DEFAULT 'group' NOT NULL,
	"person_id" uuid,
	"stage" text DEFAULT 'setup' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"step" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"step_started_at" timestamp with time zone,
	"step_extra_minutes" integer DEFAULT 0 NOT NULL,
	"guests" integer DEFAULT 0 NOT NULL,
	"lead_device" text,
	"started_by" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "session_run_guests_check" CHECK ("session_run"."guests" between 0 and 500),
	CONSTRAINT "session_run_step_check" CHECK ("session_run"."step" >= 0),
	CONSTRAINT "session_run_mode_check" CHECK (("session_run"."mode" = 'catch_up') = ("session_run"."person_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "test_attempt" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"cohort_id" uuid NOT NULL,
	"course" text NOT NULL,
	"kind" text NOT NULL,
	"content_version" text NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"score" integer,
	"max_score" integer,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "plan_revision" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"workbook_id" uuid NOT NULL,
	"section_key" text NOT NULL,
	"revision" integer NOT NULL,
	"data" jsonb NOT NULL,
	"source" text NOT NULL,
	"run_id" uuid,
	"saved_by" text,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_section" (
	"workbook_id" uuid NOT NULL,
	"section_key" text NOT NULL,
	"data" jsonb NOT NULL,
	"revision" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"source" text NOT NULL,
	"run_id" uuid,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_section_workbook_id_section_key_pk" PRIMARY KEY("workbook_id","section_key"),
	CONSTRAINT "plan_section_revision_check" CHECK ("plan_section"."revision" >= 1)
);
--> statement-breakpoint
CREATE TABLE "workbook" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cooperative_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activity_response" ADD CONSTRAINT "activity_response_run_id_session_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."session_run"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_response" ADD CONSTRAINT "activity_response_updated_by_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_attendance" ADD CONSTRAINT "run_attendance_run_id_session_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."session_run"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_attendance" ADD CONSTRAINT "run_attendance_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_checkin" ADD CONSTRAINT "run_checkin_run_id_session_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."session_run"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_checkin" ADD CONSTRAINT "run_checkin_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_decision" ADD CONSTRAINT "run_decision_run_id_session_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."session_run"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_decision" ADD CONSTRAINT "run_decision_decided_by_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_extension" ADD CONSTRAINT "run_extension_run_id_session_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."session_run"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_extension" ADD CONSTRAINT "run_extension_by_user_user_id_fk" FOREIGN KEY ("by_user") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_note" ADD CONSTRAINT "run_note_run_id_session_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."session_run"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_note" ADD CONSTRAINT "run_note_updated_by_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_role" ADD CONSTRAINT "run_role_run_id_session_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."session_run"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_role" ADD CONSTRAINT "run_role_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_run" ADD CONSTRAINT "session_run_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_run" ADD CONSTRAINT "session_run_cohort_id_cohort_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohort"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_run" ADD CONSTRAINT "session_run_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_run" ADD CONSTRAINT "session_run_started_by_user_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_attempt" ADD CONSTRAINT "test_attempt_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_attempt" ADD CONSTRAINT "test_attempt_cohort_id_cohort_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohort"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_revision" ADD CONSTRAINT "plan_revision_workbook_id_workbook_id_fk" FOREIGN KEY ("workbook_id") REFERENCES "public"."workbook"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_revision" ADD CONSTRAINT "plan_revision_run_id_session_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."session_run"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_revision" ADD CONSTRAINT "plan_revision_saved_by_user_id_fk" FOREIGN KEY ("saved_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_section" ADD CONSTRAINT "plan_section_workbook_id_workbook_id_fk" FOREIGN KEY ("workbook_id") REFERENCES "public"."workbook"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_section" ADD CONSTRAINT "plan_section_run_id_session_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."session_run"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_section" ADD CONSTRAINT "plan_section_updated_by_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workbook" ADD CONSTRAINT "workbook_cooperative_id_cooperative_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperative"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workbook" ADD CONSTRAINT "workbook_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "run_attendance_person_idx" ON "run_attendance" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "run_extension_run_idx" ON "run_extension" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "run_role_person_idx" ON "run_role" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "session_run_team_idx" ON "session_run" USING btree ("team_id","course");--> statement-breakpoint
CREATE INDEX "session_run_cohort_idx" ON "session_run" USING btree ("cohort_id");--> statement-breakpoint
CREATE UNIQUE INDEX "session_run_open_key" ON "session_run" USING btree ("team_id","course","module","session") WHERE "session_run"."status" <> 'completed' and "session_run"."mode" = 'group';--> statement-breakpoint
CREATE UNIQUE INDEX "test_attempt_once_key" ON "test_attempt" USING btree ("person_id","cohort_id","course","kind");--> statement-breakpoint
CREATE INDEX "test_attempt_cohort_idx" ON "test_attempt" USING btree ("cohort_id","course");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_revision_client_key" ON "plan_revision" USING btree ("client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_revision_section_key" ON "plan_revision" USING btree ("workbook_id","section_key","revision");--> statement-breakpoint
CREATE INDEX "plan_revision_run_idx" ON "plan_revision" USING btree ("run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "workbook_cooperative_programme_key" ON "workbook" USING btree ("cooperative_id","programme_id");