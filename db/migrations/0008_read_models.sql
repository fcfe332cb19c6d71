DROP INDEX "ideas_challenge_score_idx";--> statement-breakpoint
DROP INDEX "challenges_brand_idx";--> statement-breakpoint
DROP INDEX "ideas_challenge_new_idx";--> statement-breakpoint
DROP INDEX "ideas_author_idx";--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "idea_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "trending_score" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "challenges_list_idx" ON "challenges" USING btree ((case "stage" when 'open' then 5 when 'voting' then 4 when 'review' then 3 when 'awarded' then 2 else 1 end),"stage_changed_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "challenges"."stage" <> 'draft';--> statement-breakpoint
CREATE INDEX "ideas_challenge_top_idx" ON "ideas" USING btree ("challenge_id",("support_count" - "oppose_count") desc,"created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "ideas"."status" in ('published', 'shortlisted', 'winner');--> statement-breakpoint
CREATE INDEX "ideas_challenge_trending_idx" ON "ideas" USING btree ("challenge_id","trending_score" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "ideas"."status" in ('published', 'shortlisted', 'winner');--> statement-breakpoint
CREATE INDEX "ideas_trending_idx" ON "ideas" USING btree ("trending_score" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "ideas"."status" in ('published', 'shortlisted', 'winner');--> statement-breakpoint
CREATE INDEX "challenges_brand_idx" ON "challenges" USING btree ("brand_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "ideas_challenge_new_idx" ON "ideas" USING btree ("challenge_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "ideas"."status" in ('published', 'shortlisted', 'winner');--> statement-breakpoint
CREATE INDEX "ideas_author_idx" ON "ideas" USING btree ("author_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_idea_count_nonnegative" CHECK ("challenges"."idea_count" >= 0);--> statement-breakpoint
-- Fider's trending score: (votes in the last 7 days × 5 + live comments in the last 7 days × 3 − 1)
-- / (hours since posted + 2)^1.4, as of a given time. The one definition of the formula; the counts
-- come from refreshTrendingScores (app/domain/ideas/read-model.server.ts), which every updater uses.
-- An idea posted "after" as_of (two processes' clocks apart) counts as just posted.
CREATE OR REPLACE FUNCTION idea_trending_score(
  recent_votes bigint, recent_comments bigint, posted timestamptz, as_of timestamptz
) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (5 * recent_votes + 3 * recent_comments - 1)::double precision
    / power(greatest(extract(epoch FROM as_of - posted)::double precision, 0) / 3600 + 2, 1.4)
$$;
--> statement-breakpoint
-- challenges.idea_count: the public ideas (published, shortlisted, winner) of each challenge, kept in
-- the transaction that changes them, whoever writes (commands, moderation, a bulk load). Inserts and
-- deletes are counted once per statement from its transition table, so a bulk load updates each
-- challenge once per statement rather than once per idea; an update only fires when the status (or
-- the challenge) changes, so votes, comments and edits never touch the challenge row.
CREATE OR REPLACE FUNCTION ideas_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE challenges c SET idea_count = c.idea_count + n.n
  FROM (SELECT challenge_id, count(*)::int AS n FROM inserted_ideas
        WHERE status IN ('published', 'shortlisted', 'winner') GROUP BY challenge_id) n
  WHERE c.id = n.challenge_id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ideas_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE challenges c SET idea_count = c.idea_count - n.n
  FROM (SELECT challenge_id, count(*)::int AS n FROM deleted_ideas
        WHERE status IN ('published', 'shortlisted', 'winner') GROUP BY challenge_id) n
  WHERE c.id = n.challenge_id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ideas_count_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was_public boolean := OLD.status IN ('published', 'shortlisted', 'winner');
  is_public boolean := NEW.status IN ('published', 'shortlisted', 'winner');
BEGIN
  IF was_public AND is_public AND OLD.challenge_id = NEW.challenge_id THEN
    RETURN NULL;
  END IF;
  IF was_public THEN
    UPDATE challenges SET idea_count = idea_count - 1 WHERE id = OLD.challenge_id;
  END IF;
  IF is_public THEN
    UPDATE challenges SET idea_count = idea_count + 1 WHERE id = NEW.challenge_id;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ideas_count_insert AFTER INSERT ON ideas
  REFERENCING NEW TABLE AS inserted_ideas
  FOR EACH STATEMENT EXECUTE FUNCTION ideas_count_inserted();
--> statement-breakpoint
CREATE TRIGGER ideas_count_delete AFTER DELETE ON ideas
  REFERENCING OLD TABLE AS deleted_ideas
  FOR EACH STATEMENT EXECUTE FUNCTION ideas_count_deleted();
--> statement-breakpoint
CREATE TRIGGER ideas_count_update AFTER UPDATE OF status, challenge_id ON ideas
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.challenge_id IS DISTINCT FROM NEW.challenge_id)
  EXECUTE FUNCTION ideas_count_changed();
--> statement-breakpoint
-- Backfill: the counts as they stand, and every idea's score as of now (the decay job takes over).
-- Rewriting every idea takes longer than the app's 15 s statement bound on a big database; the
-- bound is lifted for the rest of the migration's transaction only.
SET LOCAL statement_timeout = 0;
--> statement-breakpoint
UPDATE challenges c SET idea_count = n.n
FROM (SELECT challenge_id, count(*)::int AS n FROM ideas
      WHERE status IN ('published', 'shortlisted', 'winner') GROUP BY challenge_id) n
WHERE c.id = n.challenge_id;
--> statement-breakpoint
-- The 7 days are 168 hours, as in refreshTrendingScores.
WITH recent_votes AS (
  SELECT idea_id, count(*) AS n FROM votes
  WHERE updated_at > now() - interval '168 hours' GROUP BY idea_id
), recent_comments AS (
  SELECT idea_id, count(*) AS n FROM comments
  WHERE deleted_at IS NULL AND created_at > now() - interval '168 hours' GROUP BY idea_id
)
UPDATE ideas SET trending_score = idea_trending_score(
  coalesce(rv.n, 0), coalesce(rc.n, 0), ideas.created_at, now())
FROM ideas i
LEFT JOIN recent_votes rv ON rv.idea_id = i.id
LEFT JOIN recent_comments rc ON rc.idea_id = i.id
WHERE ideas.id = i.id;
