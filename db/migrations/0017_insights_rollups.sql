CREATE TABLE "insight_brand_actors" (
	"brand_id" integer NOT NULL,
	"day" date NOT NULL,
	"user_id" text NOT NULL,
	"previous_day" date DEFAULT '-infinity' NOT NULL,
	"next_day" date DEFAULT 'infinity' NOT NULL,
	CONSTRAINT "insight_brand_actors_brand_id_day_user_id_pk" PRIMARY KEY("brand_id","day","user_id")
);
--> statement-breakpoint
CREATE TABLE "insight_brand_heat_months" (
	"brand_id" integer NOT NULL,
	"month" date NOT NULL,
	"dow" integer NOT NULL,
	"hour" integer NOT NULL,
	"actions" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_brand_heat_months_brand_id_month_dow_hour_pk" PRIMARY KEY("brand_id","month","dow","hour")
);
--> statement-breakpoint
CREATE TABLE "insight_days" (
	"challenge_id" integer NOT NULL,
	"brand_id" integer NOT NULL,
	"day" date NOT NULL,
	"ideas" integer DEFAULT 0 NOT NULL,
	"votes" integer DEFAULT 0 NOT NULL,
	"comments" integer DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"shortlisted" integer DEFAULT 0 NOT NULL,
	"winners" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_days_challenge_id_day_pk" PRIMARY KEY("challenge_id","day")
);
--> statement-breakpoint
CREATE TABLE "insight_heat_months" (
	"challenge_id" integer NOT NULL,
	"brand_id" integer NOT NULL,
	"month" date NOT NULL,
	"dow" integer NOT NULL,
	"hour" integer NOT NULL,
	"actions" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_heat_months_challenge_id_month_dow_hour_pk" PRIMARY KEY("challenge_id","month","dow","hour")
);
--> statement-breakpoint
CREATE TABLE "insight_hidden_texts" (
	"kind" text NOT NULL,
	"item_id" integer NOT NULL,
	CONSTRAINT "insight_hidden_texts_kind_item_id_pk" PRIMARY KEY("kind","item_id")
);
--> statement-breakpoint
CREATE TABLE "insight_influence_months" (
	"challenge_id" integer NOT NULL,
	"brand_id" integer NOT NULL,
	"month" date NOT NULL,
	"user_id" text NOT NULL,
	"supporters" integer DEFAULT 0 NOT NULL,
	"builds" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_influence_months_challenge_id_month_user_id_pk" PRIMARY KEY("challenge_id","month","user_id")
);
--> statement-breakpoint
CREATE TABLE "insight_tag_months" (
	"challenge_id" integer NOT NULL,
	"brand_id" integer NOT NULL,
	"month" date NOT NULL,
	"tag" text NOT NULL,
	"ideas" integer DEFAULT 0 NOT NULL,
	"votes" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_tag_months_challenge_id_month_tag_pk" PRIMARY KEY("challenge_id","month","tag")
);
--> statement-breakpoint
CREATE TABLE "insight_term_months" (
	"challenge_id" integer NOT NULL,
	"brand_id" integer NOT NULL,
	"month" date NOT NULL,
	"language" text NOT NULL,
	"stem" text NOT NULL,
	"word" text NOT NULL,
	"uses" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_term_months_challenge_id_month_language_stem_pk" PRIMARY KEY("challenge_id","month","language","stem")
);
--> statement-breakpoint
DROP INDEX "insight_actors_brand_idx";--> statement-breakpoint
ALTER TABLE "insight_actors" ADD COLUMN "previous_day" date DEFAULT '-infinity' NOT NULL;--> statement-breakpoint
ALTER TABLE "insight_actors" ADD COLUMN "next_day" date DEFAULT 'infinity' NOT NULL;--> statement-breakpoint
ALTER TABLE "insight_brand_actors" ADD CONSTRAINT "insight_brand_actors_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_brand_actors" ADD CONSTRAINT "insight_brand_actors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_brand_heat_months" ADD CONSTRAINT "insight_brand_heat_months_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_days" ADD CONSTRAINT "insight_days_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_days" ADD CONSTRAINT "insight_days_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_heat_months" ADD CONSTRAINT "insight_heat_months_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_heat_months" ADD CONSTRAINT "insight_heat_months_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_influence_months" ADD CONSTRAINT "insight_influence_months_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_influence_months" ADD CONSTRAINT "insight_influence_months_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_influence_months" ADD CONSTRAINT "insight_influence_months_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_tag_months" ADD CONSTRAINT "insight_tag_months_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_tag_months" ADD CONSTRAINT "insight_tag_months_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_term_months" ADD CONSTRAINT "insight_term_months_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_term_months" ADD CONSTRAINT "insight_term_months_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "insight_brand_actors_person_idx" ON "insight_brand_actors" USING btree ("brand_id","user_id","day");--> statement-breakpoint
CREATE INDEX "insight_brand_actors_last_idx" ON "insight_brand_actors" USING btree ("brand_id","next_day","day");--> statement-breakpoint
CREATE INDEX "insight_days_brand_idx" ON "insight_days" USING btree ("brand_id","day");--> statement-breakpoint
CREATE INDEX "insight_heat_months_brand_idx" ON "insight_heat_months" USING btree ("brand_id","month");--> statement-breakpoint
CREATE INDEX "insight_influence_months_brand_idx" ON "insight_influence_months" USING btree ("brand_id","month");--> statement-breakpoint
CREATE INDEX "insight_tag_months_brand_idx" ON "insight_tag_months" USING btree ("brand_id","month");--> statement-breakpoint
CREATE INDEX "insight_term_months_brand_idx" ON "insight_term_months" USING btree ("brand_id","month");--> statement-breakpoint
CREATE INDEX "insight_actors_person_idx" ON "insight_actors" USING btree ("challenge_id","user_id","day");--> statement-breakpoint
CREATE INDEX "insight_actors_last_idx" ON "insight_actors" USING btree ("challenge_id","next_day","day");--> statement-breakpoint
-- Hand-written: the new aggregates filled from the rows the insights consumer has kept so far, so
-- the dashboard reads the same figures right after the migration (decision 021).
-- Each person's active days in a challenge, linked to the previous and next one.
UPDATE "insight_actors" t SET "previous_day" = l."previous_day", "next_day" = l."next_day"
FROM (
  SELECT "challenge_id", "day", "user_id",
    coalesce(lag("day") OVER w, '-infinity'::date) AS "previous_day",
    coalesce(lead("day") OVER w, 'infinity'::date) AS "next_day"
  FROM "insight_actors"
  WINDOW w AS (PARTITION BY "challenge_id", "user_id" ORDER BY "day")
) l
WHERE t."challenge_id" = l."challenge_id" AND t."day" = l."day" AND t."user_id" = l."user_id";--> statement-breakpoint
INSERT INTO "insight_brand_actors" ("brand_id", "day", "user_id", "previous_day", "next_day")
SELECT "brand_id", "day", "user_id",
  coalesce(lag("day") OVER w, '-infinity'::date), coalesce(lead("day") OVER w, 'infinity'::date)
FROM (SELECT DISTINCT "brand_id", "day", "user_id" FROM "insight_actors") a
WINDOW w AS (PARTITION BY "brand_id", "user_id" ORDER BY "day");--> statement-breakpoint
INSERT INTO "insight_days" ("challenge_id", "brand_id", "day", "ideas", "votes", "comments",
  "positive", "neutral", "negative", "shortlisted", "winners")
SELECT "challenge_id", min("brand_id"), ("hour" AT TIME ZONE 'UTC')::date, sum("ideas"), sum("votes"),
  sum("comments"), sum("positive"), sum("neutral"), sum("negative"), sum("shortlisted"), sum("winners")
FROM "insight_hours"
GROUP BY "challenge_id", ("hour" AT TIME ZONE 'UTC')::date;--> statement-breakpoint
INSERT INTO "insight_heat_months" ("challenge_id", "brand_id", "month", "dow", "hour", "actions")
SELECT "challenge_id", min("brand_id"), date_trunc('month', "hour" AT TIME ZONE 'UTC')::date,
  extract(isodow FROM "hour" AT TIME ZONE 'UTC')::int - 1, extract(hour FROM "hour" AT TIME ZONE 'UTC')::int,
  sum("ideas" + "votes" + "comments")
FROM "insight_hours"
GROUP BY 1, 3, 4, 5
HAVING sum("ideas" + "votes" + "comments") <> 0;--> statement-breakpoint
INSERT INTO "insight_brand_heat_months" ("brand_id", "month", "dow", "hour", "actions")
SELECT "brand_id", "month", "dow", "hour", sum("actions")
FROM "insight_heat_months"
GROUP BY 1, 2, 3, 4;--> statement-breakpoint
INSERT INTO "insight_tag_months" ("challenge_id", "brand_id", "month", "tag", "ideas", "votes")
SELECT "challenge_id", min("brand_id"), date_trunc('month', "day")::date, "tag", sum("ideas"), sum("votes")
FROM "insight_tags"
GROUP BY 1, 3, 4;--> statement-breakpoint
INSERT INTO "insight_influence_months" ("challenge_id", "brand_id", "month", "user_id", "supporters", "builds")
SELECT "challenge_id", min("brand_id"), date_trunc('month', "day")::date, "user_id", sum("supporters"), sum("builds")
FROM "insight_influence"
GROUP BY 1, 3, 4;--> statement-breakpoint
-- Hidden ideas and comments: their words out of the day rows (the month rows are summed after).
INSERT INTO "insight_hidden_texts" ("kind", "item_id")
SELECT 'idea', "id" FROM "ideas" WHERE "status" = 'hidden'
UNION ALL
SELECT 'comment', "id" FROM "comments" WHERE "hidden_at" IS NOT NULL;--> statement-breakpoint
WITH texts AS (
  SELECT i."challenge_id", (i."created_at" AT TIME ZONE 'UTC')::date AS "day", i."language",
    i."title" || ' ' || i."body" AS "text"
  FROM "ideas" i WHERE i."status" = 'hidden'
  UNION ALL
  SELECT i."challenge_id", (c."created_at" AT TIME ZONE 'UTC')::date, c."language", c."body"
  FROM "comments" c JOIN "ideas" i ON i."id" = c."idea_id" WHERE c."hidden_at" IS NOT NULL
),
words AS (
  SELECT t."challenge_id", t."day", t."language", d."lexemes"[1] AS "stem"
  FROM texts t
  CROSS JOIN LATERAL ts_debug(content_search_config(t."language"), t."text") AS d
  WHERE d."alias" IN ('asciiword', 'word', 'hword_asciipart', 'hword_part') AND d."lexemes"[1] IS NOT NULL
    AND ts_lexize((CASE WHEN content_search_config(t."language")::text LIKE '%cocrea_es' THEN 'spanish_stem'
      WHEN content_search_config(t."language")::text LIKE '%cocrea_it' THEN 'italian_stem'
      ELSE 'english_stem' END)::regdictionary, lower(d."token")) <> '{}'::text[]
    AND char_length(d."token") BETWEEN 3 AND 40
),
gone AS (
  SELECT "challenge_id", "day", "language", "stem", count(*)::int AS "uses"
  FROM words GROUP BY 1, 2, 3, 4
)
UPDATE "insight_terms" t SET "uses" = greatest(0, t."uses" - g."uses")
FROM gone g
WHERE t."challenge_id" = g."challenge_id" AND t."day" = g."day" AND t."language" = g."language"
  AND t."stem" = g."stem";--> statement-breakpoint
DELETE FROM "insight_terms" WHERE "uses" <= 0;--> statement-breakpoint
INSERT INTO "insight_term_months" ("challenge_id", "brand_id", "month", "language", "stem", "word", "uses")
SELECT "challenge_id", min("brand_id"), date_trunc('month', "day")::date, "language", "stem",
  (array_agg("word" ORDER BY "day" DESC))[1], sum("uses")
FROM "insight_terms"
GROUP BY 1, 3, 4, 5;
