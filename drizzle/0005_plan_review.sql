CREATE TABLE "plan_comment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"workbook_id" uuid NOT NULL,
	"section_key" text NOT NULL,
	"field_id" text,
	"parent_id" uuid,
	"revision" integer NOT NULL,
	"body" text NOT NULL,
	"author_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_comment_body_check" CHECK (length("plan_comment"."body") between 1 and 2000)
);
--> statement-breakpoint
CREATE TABLE "plan_review_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"workbook_id" uuid NOT NULL,
	"section_key" text NOT NULL,
	"kind" text NOT NULL,
	"revision" integer NOT NULL,
	"actor_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "plan_comment" ADD CONSTRAINT "plan_comment_workbook_id_workbook_id_fk" FOREIGN KEY ("workbook_id") REFERENCES "public"."workbook"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_comment" ADD CONSTRAINT "plan_comment_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_review_event" ADD CONSTRAINT "plan_review_event_workbook_id_workbook_id_fk" FOREIGN KEY ("workbook_id") REFERENCES "public"."workbook"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_review_event" ADD CONSTRAINT "plan_review_event_actor_id_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "plan_comment_client_key" ON "plan_comment" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "plan_comment_section_idx" ON "plan_comment" USING btree ("workbook_id","section_key","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_review_event_client_key" ON "plan_review_event" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "plan_review_event_section_idx" ON "plan_review_event" USING btree ("workbook_id","section_key","at");