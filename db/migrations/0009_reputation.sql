CREATE TYPE "public"."reward_status" AS ENUM('pending', 'fulfilled', 'revoked');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'shortlisted';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'reward';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'reward_fulfilled';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'reward_revoked';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'stage';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'results';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'badge';--> statement-breakpoint
CREATE TABLE "point_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "point_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" text NOT NULL,
	"rule" text NOT NULL,
	"nominal" integer NOT NULL,
	"points" integer NOT NULL,
	"from_votes" integer DEFAULT 0 NOT NULL,
	"day" date NOT NULL,
	"event_id" bigint NOT NULL,
	"reverses_id" bigint,
	"brand_id" integer,
	"challenge_id" integer,
	"idea_id" integer,
	"comment_id" integer,
	"reward_id" integer,
	"cause_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "point_entries_from_votes_flag" CHECK ("point_entries"."from_votes" in (0, 1)),
	CONSTRAINT "point_entries_rule" CHECK ("point_entries"."rule" in ('supportReceived', 'opposeReceived', 'opposeCast', 'builtOn', 'shortlisted', 'winner', 'hidden', 'reward')),
	CONSTRAINT "point_entries_reward_nonnegative" CHECK ("point_entries"."rule" <> 'reward' or "point_entries"."reverses_id" is not null or "point_entries"."nominal" >= 0)
);
--> statement-breakpoint
CREATE TABLE "reputation_brand_totals" (
	"user_id" text NOT NULL,
	"brand_id" integer NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "reputation_brand_totals_user_id_brand_id_pk" PRIMARY KEY("user_id","brand_id")
);
--> statement-breakpoint
CREATE TABLE "reputation_challenge_totals" (
	"user_id" text NOT NULL,
	"challenge_id" integer NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "reputation_challenge_totals_user_id_challenge_id_pk" PRIMARY KEY("user_id","challenge_id")
);
--> statement-breakpoint
CREATE TABLE "reputation_daily" (
	"user_id" text NOT NULL,
	"day" date NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"vote_gain" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "reputation_daily_user_id_day_pk" PRIMARY KEY("user_id","day")
);
--> statement-breakpoint
CREATE TABLE "reputation_totals" (
	"user_id" text PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "challenge_follows" (
	"challenge_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenge_follows_challenge_id_user_id_pk" PRIMARY KEY("challenge_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "rewards" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rewards_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"challenge_id" integer NOT NULL,
	"idea_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"rank" smallint NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"prize" text DEFAULT '' NOT NULL,
	"status" "reward_status" DEFAULT 'pending' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rewards_points_nonnegative" CHECK ("rewards"."points" >= 0),
	CONSTRAINT "rewards_rank_range" CHECK ("rewards"."rank" between 1 and 10)
);
--> statement-breakpoint
CREATE TABLE "scorecards" (
	"idea_id" integer NOT NULL,
	"judge_id" text NOT NULL,
	"challenge_id" integer NOT NULL,
	"scores" jsonb NOT NULL,
	"weighted" real,
	"submitted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scorecards_idea_id_judge_id_pk" PRIMARY KEY("idea_id","judge_id"),
	CONSTRAINT "scorecards_weighted_range" CHECK ("scorecards"."weighted" is null or "scorecards"."weighted" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "user_badges" (
	"user_id" text NOT NULL,
	"badge" text NOT NULL,
	"earned_at" timestamp with time zone NOT NULL,
	"event_id" bigint,
	CONSTRAINT "user_badges_user_id_badge_pk" PRIMARY KEY("user_id","badge")
);
--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "prizes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "point_entries" ADD CONSTRAINT "point_entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_entries" ADD CONSTRAINT "point_entries_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_entries" ADD CONSTRAINT "point_entries_reverses_id_point_entries_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."point_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reputation_brand_totals" ADD CONSTRAINT "reputation_brand_totals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reputation_challenge_totals" ADD CONSTRAINT "reputation_challenge_totals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reputation_daily" ADD CONSTRAINT "reputation_daily_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reputation_totals" ADD CONSTRAINT "reputation_totals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_follows" ADD CONSTRAINT "challenge_follows_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_follows" ADD CONSTRAINT "challenge_follows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_idea_id_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."ideas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecards" ADD CONSTRAINT "scorecards_idea_id_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."ideas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecards" ADD CONSTRAINT "scorecards_judge_id_users_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecards" ADD CONSTRAINT "scorecards_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_badges" ADD CONSTRAINT "user_badges_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "point_entries_reverses_key" ON "point_entries" USING btree ("reverses_id");--> statement-breakpoint
CREATE INDEX "point_entries_user_idx" ON "point_entries" USING btree ("user_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "point_entries_open_idx" ON "point_entries" USING btree ("user_id","rule","idea_id","cause_user_id");--> statement-breakpoint
CREATE INDEX "point_entries_reward_idx" ON "point_entries" USING btree ("reward_id");--> statement-breakpoint
CREATE INDEX "reputation_brand_totals_rank_idx" ON "reputation_brand_totals" USING btree ("brand_id","points" DESC NULLS LAST,"user_id");--> statement-breakpoint
CREATE INDEX "reputation_challenge_totals_rank_idx" ON "reputation_challenge_totals" USING btree ("challenge_id","points" DESC NULLS LAST,"user_id");--> statement-breakpoint
CREATE INDEX "reputation_daily_day_idx" ON "reputation_daily" USING btree ("day","user_id");--> statement-breakpoint
CREATE INDEX "reputation_totals_rank_idx" ON "reputation_totals" USING btree ("points" DESC NULLS LAST,"user_id");--> statement-breakpoint
CREATE INDEX "challenge_follows_user_idx" ON "challenge_follows" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rewards_challenge_rank_key" ON "rewards" USING btree ("challenge_id","rank");--> statement-breakpoint
CREATE UNIQUE INDEX "rewards_idea_key" ON "rewards" USING btree ("idea_id");--> statement-breakpoint
CREATE INDEX "rewards_user_idx" ON "rewards" USING btree ("user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "scorecards_challenge_idx" ON "scorecards" USING btree ("challenge_id","judge_id");--> statement-breakpoint
CREATE INDEX "user_badges_recent_idx" ON "user_badges" USING btree ("user_id","earned_at" DESC NULLS LAST);--> statement-breakpoint
-- The ledger is append-only, like the event log: a reversal is a new entry, never an edit.
CREATE OR REPLACE FUNCTION refuse_change_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER point_entries_append_only
  BEFORE UPDATE OR DELETE ON point_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_change_append_only();
--> statement-breakpoint
CREATE TRIGGER point_entries_no_truncate
  BEFORE TRUNCATE ON point_entries
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_append_only();
--> statement-breakpoint
-- The cached totals follow every entry in its own transaction, whoever writes it: per person, per
-- person and brand, per person and challenge, per person and UTC day. vote_gain is what vote rules
-- gave that day: gains, less the reversals of gains (a reversal carries its entry's day), so the
-- daily cap (app/domain/reputation/rules.ts) reads it.
CREATE OR REPLACE FUNCTION point_entries_keep_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The person's total first: every writer of a person's entries locks that row before any other
  -- of theirs (a capped entry locks it, then its day, before its insert: ledger.server.ts), so it
  -- serialises them, and rows of several days (a reversal counts on its entry's day) never wait on
  -- each other crosswise.
  INSERT INTO reputation_totals AS t (user_id, points, updated_at)
    VALUES (NEW.user_id, NEW.points, NEW.created_at)
    ON CONFLICT (user_id) DO UPDATE
      SET points = t.points + EXCLUDED.points, updated_at = greatest(t.updated_at, EXCLUDED.updated_at);
  INSERT INTO reputation_daily AS d (user_id, day, points, vote_gain)
    VALUES (NEW.user_id, NEW.day, NEW.points,
      CASE WHEN NEW.from_votes = 1 AND ((NEW.reverses_id IS NULL AND NEW.points > 0)
                                     OR (NEW.reverses_id IS NOT NULL AND NEW.points < 0))
           THEN NEW.points ELSE 0 END)
    ON CONFLICT (user_id, day) DO UPDATE
      SET points = d.points + EXCLUDED.points, vote_gain = d.vote_gain + EXCLUDED.vote_gain;
  IF NEW.brand_id IS NOT NULL THEN
    INSERT INTO reputation_brand_totals AS t (user_id, brand_id, points)
      VALUES (NEW.user_id, NEW.brand_id, NEW.points)
      ON CONFLICT (user_id, brand_id) DO UPDATE SET points = t.points + EXCLUDED.points;
  END IF;
  IF NEW.challenge_id IS NOT NULL THEN
    INSERT INTO reputation_challenge_totals AS t (user_id, challenge_id, points)
      VALUES (NEW.user_id, NEW.challenge_id, NEW.points)
      ON CONFLICT (user_id, challenge_id) DO UPDATE SET points = t.points + EXCLUDED.points;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER point_entries_totals
  AFTER INSERT ON point_entries
  FOR EACH ROW EXECUTE FUNCTION point_entries_keep_totals();
