ALTER TABLE "api_key" ADD COLUMN "client_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "api_key_client_key" ON "api_key" USING btree ("client_id");