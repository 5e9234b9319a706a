-- Trigram indexes make accent-blind "contains" searches fast on 130,000 people (pg_trgm is a
-- trusted extension: the database owner may create it; PGlite loads it in db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
ALTER TABLE "cooperative" ADD COLUMN "search" text GENERATED ALWAYS AS (translate(lower("cooperative"."name" || ' ' || coalesce("cooperative"."short_name", '') || ' ' || coalesce("cooperative"."registry_number", '') || ' ' || coalesce("cooperative"."municipality", '')), 'áàâäãéèêëíìîïóòôöõúùûüñçÁÀÂÄÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇ', 'aaaaaeeeeiiiiooooouuuuncaaaaaeeeeiiiiooooouuuunc')) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "person" ADD COLUMN "search" text GENERATED ALWAYS AS (translate(lower("person"."given_names" || ' ' || "person"."surnames"), 'áàâäãéèêëíìîïóòôöõúùûüñçÁÀÂÄÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇ', 'aaaaaeeeeiiiiooooouuuuncaaaaaeeeeiiiiooooouuuunc')) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "enrolment_cooperative_idx" ON "enrolment" USING btree ("cooperative_id");--> statement-breakpoint
CREATE INDEX "team_cooperative_idx" ON "team" USING btree ("cooperative_id");--> statement-breakpoint
CREATE INDEX "cooperative_department_idx" ON "cooperative" USING btree ("department");--> statement-breakpoint
CREATE INDEX "cooperative_search_trgm_idx" ON "cooperative" USING gin ("search" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "person_name_idx" ON "person" USING btree ("surnames","given_names","id");--> statement-breakpoint
CREATE INDEX "person_search_trgm_idx" ON "person" USING gin ("search" gin_trgm_ops);