CREATE TYPE "public"."brand_role" AS ENUM('owner', 'manager');--> statement-breakpoint
CREATE TYPE "public"."challenge_stage" AS ENUM('draft', 'open', 'voting', 'review', 'awarded', 'archived');--> statement-breakpoint
CREATE TYPE "public"."idea_status" AS ENUM('published', 'hidden', 'shortlisted', 'winner', 'merged', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('prosumer', 'moderator', 'admin');--> statement-breakpoint
CREATE TABLE "brand_members" (
	"brand_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"role" "brand_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brand_members_brand_id_user_id_pk" PRIMARY KEY("brand_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "brands" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "brands_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"website" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brands_slug_unique" UNIQUE("slug"),
	CONSTRAINT "brands_name_length" CHECK (char_length("brands"."name") between 2 and 80),
	CONSTRAINT "brands_slug_format" CHECK ("brands"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
--> statement-breakpoint
CREATE TABLE "challenges" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "challenges_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"brand_id" integer NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"brief" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"reward_description" text DEFAULT '' NOT NULL,
	"reward_points" integer DEFAULT 0 NOT NULL,
	"criteria" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"stage" "challenge_stage" DEFAULT 'draft' NOT NULL,
	"opens_at" timestamp with time zone,
	"voting_at" timestamp with time zone,
	"review_at" timestamp with time zone,
	"awarded_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"max_ideas_per_user" smallint DEFAULT 3 NOT NULL,
	"stage_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenges_slug_unique" UNIQUE("slug"),
	CONSTRAINT "challenges_title_length" CHECK (char_length("challenges"."title") between 5 and 120),
	CONSTRAINT "challenges_reward_points_nonnegative" CHECK ("challenges"."reward_points" >= 0),
	CONSTRAINT "challenges_max_ideas_range" CHECK ("challenges"."max_ideas_per_user" between 1 and 50),
	CONSTRAINT "challenges_language" CHECK ("challenges"."language" in ('en', 'es', 'it'))
);
--> statement-breakpoint
CREATE TABLE "comments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "comments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"idea_id" integer NOT NULL,
	"author_id" text NOT NULL,
	"parent_id" integer,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "comments_body_length" CHECK (char_length("comments"."body") between 1 and 5000)
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"actor_id" text,
	"brand_id" integer,
	"challenge_id" integer,
	"idea_id" integer,
	"comment_id" integer,
	"subject_user_id" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ideas" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ideas_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"challenge_id" integer NOT NULL,
	"author_id" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"builds_on_id" integer,
	"status" "idea_status" DEFAULT 'published' NOT NULL,
	"support_count" integer DEFAULT 0 NOT NULL,
	"oppose_count" integer DEFAULT 0 NOT NULL,
	"comment_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ideas_title_length" CHECK (char_length("ideas"."title") between 5 and 120),
	CONSTRAINT "ideas_counts_nonnegative" CHECK ("ideas"."support_count" >= 0 and "ideas"."oppose_count" >= 0 and "ideas"."comment_count" >= 0),
	CONSTRAINT "ideas_not_building_on_itself" CHECK ("ideas"."builds_on_id" is null or "ideas"."builds_on_id" <> "ideas"."id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"handle" text NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"display_name" text NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"role" "user_role" DEFAULT 'prosumer' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_handle_format" CHECK ("users"."handle" ~ '^[A-Za-z0-9_]{3,30}$'),
	CONSTRAINT "users_display_name_length" CHECK (char_length("users"."display_name") between 1 and 60)
);
--> statement-breakpoint
CREATE TABLE "votes" (
	"idea_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"value" smallint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "votes_idea_id_user_id_pk" PRIMARY KEY("idea_id","user_id"),
	CONSTRAINT "votes_value_is_plus_or_minus_one" CHECK ("votes"."value" in (-1, 1))
);
--> statement-breakpoint
ALTER TABLE "brand_members" ADD CONSTRAINT "brand_members_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brand_members" ADD CONSTRAINT "brand_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brands" ADD CONSTRAINT "brands_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_idea_id_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."ideas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_parent_id_comments_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."comments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_builds_on_id_ideas_id_fk" FOREIGN KEY ("builds_on_id") REFERENCES "public"."ideas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_idea_id_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."ideas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "brand_members_user_id_idx" ON "brand_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "challenges_stage_idx" ON "challenges" USING btree ("stage","stage_changed_at");--> statement-breakpoint
CREATE INDEX "challenges_brand_idx" ON "challenges" USING btree ("brand_id","created_at");--> statement-breakpoint
CREATE INDEX "challenges_tags_idx" ON "challenges" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "comments_idea_idx" ON "comments" USING btree ("idea_id","created_at");--> statement-breakpoint
CREATE INDEX "comments_parent_idx" ON "comments" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "comments_author_idx" ON "comments" USING btree ("author_id","created_at");--> statement-breakpoint
CREATE INDEX "events_challenge_idx" ON "events" USING btree ("challenge_id","id");--> statement-breakpoint
CREATE INDEX "events_idea_idx" ON "events" USING btree ("idea_id","id");--> statement-breakpoint
CREATE INDEX "events_actor_idx" ON "events" USING btree ("actor_id","id");--> statement-breakpoint
CREATE INDEX "events_subject_idx" ON "events" USING btree ("subject_user_id","id");--> statement-breakpoint
CREATE INDEX "events_type_idx" ON "events" USING btree ("type","id");--> statement-breakpoint
CREATE INDEX "ideas_challenge_new_idx" ON "ideas" USING btree ("challenge_id","created_at");--> statement-breakpoint
CREATE INDEX "ideas_challenge_score_idx" ON "ideas" USING btree ("challenge_id",("support_count" - "oppose_count"));--> statement-breakpoint
CREATE INDEX "ideas_author_idx" ON "ideas" USING btree ("author_id","created_at");--> statement-breakpoint
CREATE INDEX "ideas_builds_on_idx" ON "ideas" USING btree ("builds_on_id");--> statement-breakpoint
CREATE INDEX "ideas_activity_idx" ON "ideas" USING btree ("last_activity_at");--> statement-breakpoint
CREATE INDEX "sessions_user_id_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_handle_lower_key" ON "users" USING btree (lower("handle"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "votes_user_idx" ON "votes" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "votes_idea_recent_idx" ON "votes" USING btree ("idea_id","updated_at");