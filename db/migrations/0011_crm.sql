CREATE TABLE "brand_participants" (
	"brand_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"ideas" integer DEFAULT 0 NOT NULL,
	"votes" integer DEFAULT 0 NOT NULL,
	"comments" integer DEFAULT 0 NOT NULL,
	"shortlists" integer DEFAULT 0 NOT NULL,
	"wins" integer DEFAULT 0 NOT NULL,
	"first_active_at" timestamp with time zone NOT NULL,
	"last_active_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brand_participants_brand_id_user_id_pk" PRIMARY KEY("brand_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "community_segments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "community_segments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"brand_id" integer NOT NULL,
	"name" text NOT NULL,
	"filter" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_segments_name_length" CHECK (char_length("community_segments"."name") between 1 and 60)
);
--> statement-breakpoint
CREATE TABLE "handle_reservations" (
	"handle" text PRIMARY KEY NOT NULL,
	"until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_display_name_length";--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "email" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "brand_participants" ADD CONSTRAINT "brand_participants_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brand_participants" ADD CONSTRAINT "brand_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_segments" ADD CONSTRAINT "community_segments_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_segments" ADD CONSTRAINT "community_segments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "brand_participants_user_idx" ON "brand_participants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "brand_participants_recent_idx" ON "brand_participants" USING btree ("brand_id","last_active_at" DESC NULLS LAST,"user_id");--> statement-breakpoint
CREATE INDEX "brand_participants_first_idx" ON "brand_participants" USING btree ("brand_id","first_active_at" DESC NULLS LAST,"user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "community_segments_brand_name_key" ON "community_segments" USING btree ("brand_id",lower("name"));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_deleted_erased" CHECK ("users"."deleted_at" is null or ("users"."email" is null and "users"."password_hash" is null));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_live_has_credentials" CHECK ("users"."deleted_at" is not null or ("users"."email" is not null and "users"."password_hash" is not null));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_display_name_length" CHECK ("users"."deleted_at" is not null or char_length("users"."display_name") between 1 and 60);--> statement-breakpoint
-- A participant's engagement with a brand, 0–100 (docs/decisions/017-crm-interests-engagement.md):
-- what they did on its challenges, weighted by effort (idea 5, comment 2, vote 1, shortlisted 8,
-- win 15), saturating (100 × (1 − e^(−weighted/30))), and halved for every 60 days since they were
-- last active there. The one definition of the formula: the community table sorts by it and /me's
-- brand cards show it.
CREATE OR REPLACE FUNCTION brand_engagement(
  ideas integer, votes integer, comments integer, shortlists integer, wins integer,
  last_active timestamptz, as_of timestamptz
) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT round(
    100 * (1 - exp(-(5 * ideas + 2 * comments + votes + 8 * shortlists + 15 * wins)::double precision / 30))
    * power(0.5, greatest(extract(epoch FROM as_of - last_active)::double precision, 0) / 86400 / 60)
  )::integer
$$;
