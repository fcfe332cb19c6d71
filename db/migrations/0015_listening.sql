-- Listening and search (issue 16, docs/decisions/021-listening-and-search.md). unaccent and pg_trgm
-- are trusted extensions (a database owner may create them); PGlite loads them from
-- @electric-sql/pglite/contrib (db/client.server.ts).
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- One text-search configuration per content language: the built-in one with unaccent before the
-- stemmer, so "cancion" finds "canción" and stems agree whatever the accents.
CREATE TEXT SEARCH CONFIGURATION cocrea_en (COPY = english);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION cocrea_en ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION cocrea_es (COPY = spanish);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION cocrea_es ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION cocrea_it (COPY = italian);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION cocrea_it ALTER MAPPING FOR hword, hword_part, word WITH unaccent, italian_stem;--> statement-breakpoint
-- A row's configuration from its language code. Immutable (the names are fixed), so generated
-- columns and indexes may use it.
CREATE FUNCTION content_search_config(lang text) RETURNS regconfig
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE lang WHEN 'es' THEN 'public.cocrea_es'::regconfig WHEN 'it' THEN 'public.cocrea_it'::regconfig ELSE 'public.cocrea_en'::regconfig END $$;--> statement-breakpoint
CREATE TABLE "insight_actors" (
	"challenge_id" integer NOT NULL,
	"brand_id" integer NOT NULL,
	"day" date NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "insight_actors_challenge_id_day_user_id_pk" PRIMARY KEY("challenge_id","day","user_id")
);
--> statement-breakpoint
CREATE TABLE "insight_hours" (
	"challenge_id" integer NOT NULL,
	"brand_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"ideas" integer DEFAULT 0 NOT NULL,
	"votes" integer DEFAULT 0 NOT NULL,
	"comments" integer DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"shortlisted" integer DEFAULT 0 NOT NULL,
	"winners" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_hours_challenge_id_hour_pk" PRIMARY KEY("challenge_id","hour")
);
--> statement-breakpoint
CREATE TABLE "insight_influence" (
	"challenge_id" integer NOT NULL,
	"brand_id" integer NOT NULL,
	"day" date NOT NULL,
	"user_id" text NOT NULL,
	"supporters" integer DEFAULT 0 NOT NULL,
	"builds" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_influence_challenge_id_day_user_id_pk" PRIMARY KEY("challenge_id","day","user_id")
);
--> statement-breakpoint
CREATE TABLE "insight_tags" (
	"challenge_id" integer NOT NULL,
	"brand_id" integer NOT NULL,
	"day" date NOT NULL,
	"tag" text NOT NULL,
	"ideas" integer DEFAULT 0 NOT NULL,
	"votes" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_tags_challenge_id_day_tag_pk" PRIMARY KEY("challenge_id","day","tag")
);
--> statement-breakpoint
CREATE TABLE "insight_terms" (
	"challenge_id" integer NOT NULL,
	"brand_id" integer NOT NULL,
	"day" date NOT NULL,
	"language" text NOT NULL,
	"stem" text NOT NULL,
	"word" text NOT NULL,
	"uses" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_terms_challenge_id_day_language_stem_pk" PRIMARY KEY("challenge_id","day","language","stem")
);
--> statement-breakpoint
CREATE TABLE "insight_visitor_days" (
	"challenge_id" integer NOT NULL,
	"brand_id" integer NOT NULL,
	"day" date NOT NULL,
	"visitors" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_visitor_days_challenge_id_day_pk" PRIMARY KEY("challenge_id","day"),
	CONSTRAINT "insight_visitor_days_nonnegative" CHECK ("insight_visitor_days"."visitors" >= 0)
);
--> statement-breakpoint
CREATE TABLE "visit_hashes" (
	"challenge_id" integer NOT NULL,
	"day" date NOT NULL,
	"hash" "bytea" NOT NULL,
	CONSTRAINT "visit_hashes_challenge_id_day_hash_pk" PRIMARY KEY("challenge_id","day","hash")
);
--> statement-breakpoint
CREATE TABLE "visit_salts" (
	"day" date PRIMARY KEY NOT NULL,
	"salt" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector(content_search_config("language"), coalesce("title", '')), 'A') || setweight(to_tsvector(content_search_config("language"), coalesce("brief", '')), 'B')) STORED;--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "sentiment" smallint;--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "sentiment_score" real;--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector(content_search_config("language"), coalesce("title", '')), 'A') || setweight(to_tsvector(content_search_config("language"), coalesce("body", '')), 'B')) STORED;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "sentiment" smallint;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "sentiment_score" real;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector(content_search_config("language"), coalesce('', '')), 'A') || setweight(to_tsvector(content_search_config("language"), coalesce("body", '')), 'B')) STORED;--> statement-breakpoint
ALTER TABLE "insight_actors" ADD CONSTRAINT "insight_actors_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_actors" ADD CONSTRAINT "insight_actors_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_actors" ADD CONSTRAINT "insight_actors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_hours" ADD CONSTRAINT "insight_hours_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_hours" ADD CONSTRAINT "insight_hours_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_influence" ADD CONSTRAINT "insight_influence_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_influence" ADD CONSTRAINT "insight_influence_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_influence" ADD CONSTRAINT "insight_influence_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_tags" ADD CONSTRAINT "insight_tags_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_tags" ADD CONSTRAINT "insight_tags_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_terms" ADD CONSTRAINT "insight_terms_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_terms" ADD CONSTRAINT "insight_terms_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_visitor_days" ADD CONSTRAINT "insight_visitor_days_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_visitor_days" ADD CONSTRAINT "insight_visitor_days_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_hashes" ADD CONSTRAINT "visit_hashes_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "insight_actors_brand_idx" ON "insight_actors" USING btree ("brand_id","day","user_id");--> statement-breakpoint
CREATE INDEX "insight_hours_brand_idx" ON "insight_hours" USING btree ("brand_id","hour");--> statement-breakpoint
CREATE INDEX "insight_influence_brand_idx" ON "insight_influence" USING btree ("brand_id","day");--> statement-breakpoint
CREATE INDEX "insight_tags_brand_idx" ON "insight_tags" USING btree ("brand_id","day");--> statement-breakpoint
CREATE INDEX "insight_terms_brand_idx" ON "insight_terms" USING btree ("brand_id","day");--> statement-breakpoint
CREATE INDEX "insight_visitor_days_brand_idx" ON "insight_visitor_days" USING btree ("brand_id","day");--> statement-breakpoint
CREATE INDEX "challenges_search_idx" ON "challenges" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "challenges_title_trgm_idx" ON "challenges" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "ideas_search_idx" ON "ideas" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "ideas_title_trgm_idx" ON "ideas" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "comments_search_idx" ON "comments" USING gin ("search_vector");--> statement-breakpoint
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_language" CHECK ("ideas"."language" in ('en', 'es', 'it'));--> statement-breakpoint
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_sentiment" CHECK ("ideas"."sentiment" in (-1, 0, 1));--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_language" CHECK ("comments"."language" in ('en', 'es', 'it'));--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_sentiment" CHECK ("comments"."sentiment" in (-1, 0, 1));--> statement-breakpoint
-- Rows written before detection existed take their challenge's language (then their idea's).
UPDATE "ideas" SET "language" = c."language" FROM "challenges" c WHERE c."id" = "ideas"."challenge_id" AND "ideas"."language" <> c."language";--> statement-breakpoint
UPDATE "comments" SET "language" = i."language" FROM "ideas" i WHERE i."id" = "comments"."idea_id" AND "comments"."language" <> i."language";
