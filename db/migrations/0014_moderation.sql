CREATE TYPE "public"."audit_action" AS ENUM('flags.dismissed', 'content.hidden', 'content.restored', 'content.auto_hidden', 'content.approved', 'comment.deleted', 'idea.tags_edited', 'idea.merged', 'user.suspended', 'user.unsuspended', 'user.flag_banned', 'user.role_changed', 'brand.member_added', 'brand.member_removed', 'brand.ownership_transferred', 'challenge.edited', 'challenge.stage_moved', 'idea.scored', 'idea.shortlisted', 'idea.unshortlisted', 'reward.granted', 'reward.fulfilled', 'reward.revoked');--> statement-breakpoint
CREATE TYPE "public"."audit_target_kind" AS ENUM('idea', 'comment', 'user', 'brand', 'challenge', 'reward');--> statement-breakpoint
CREATE TYPE "public"."flag_outcome" AS ENUM('dismissed', 'upheld');--> statement-breakpoint
CREATE TYPE "public"."flag_reason" AS ENUM('spam', 'offensive', 'off_topic', 'duplicate', 'other');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'moderation';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'merged';--> statement-breakpoint
ALTER TYPE "public"."notification_topic" ADD VALUE 'moderation';--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone NOT NULL,
	"actor_id" text,
	"action" "audit_action" NOT NULL,
	"target_kind" "audit_target_kind" NOT NULL,
	"target_id" text NOT NULL,
	"brand_id" integer,
	"challenge_id" integer,
	"idea_id" integer,
	"subject_user_id" text,
	"reason" text DEFAULT '' NOT NULL,
	"before" jsonb,
	"after" jsonb,
	CONSTRAINT "audit_log_reason_length" CHECK (char_length("audit_log"."reason") <= 1000)
);
--> statement-breakpoint
CREATE TABLE "content_reviews" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "content_reviews_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"idea_id" integer NOT NULL,
	"comment_id" integer,
	"reviewed_by" text NOT NULL,
	"reviewed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flag_bans" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "flag_bans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	CONSTRAINT "flag_bans_period" CHECK ("flag_bans"."ends_at" > "flag_bans"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "flags" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "flags_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"idea_id" integer NOT NULL,
	"comment_id" integer,
	"flagger_id" text NOT NULL,
	"reason" "flag_reason" NOT NULL,
	"duplicate_of_id" integer,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"outcome" "flag_outcome",
	CONSTRAINT "flags_note_length" CHECK (char_length("flags"."note") <= 500),
	CONSTRAINT "flags_duplicate_names_original" CHECK (("flags"."reason" = 'duplicate') = ("flags"."duplicate_of_id" is not null)),
	CONSTRAINT "flags_other_has_note" CHECK ("flags"."reason" <> 'other' or char_length("flags"."note") > 0),
	CONSTRAINT "flags_resolution_whole" CHECK (("flags"."resolved_at" is null) = ("flags"."outcome" is null) and ("flags"."resolved_at" is null) = ("flags"."resolved_by" is null))
);
--> statement-breakpoint
CREATE TABLE "suspensions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "suspensions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" text NOT NULL,
	"suspended_by" text NOT NULL,
	"reason" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_by" text,
	"end_reason" text,
	CONSTRAINT "suspensions_reason_length" CHECK (char_length("suspensions"."reason") between 1 and 500),
	CONSTRAINT "suspensions_period" CHECK ("suspensions"."ends_at" > "suspensions"."starts_at")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "suspended_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "merged_into_id" integer;--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "hidden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "hidden_from" "idea_status";--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "hidden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
ALTER TABLE "content_reviews" ADD CONSTRAINT "content_reviews_idea_id_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."ideas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_reviews" ADD CONSTRAINT "content_reviews_comment_id_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."comments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_reviews" ADD CONSTRAINT "content_reviews_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flag_bans" ADD CONSTRAINT "flag_bans_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flags" ADD CONSTRAINT "flags_idea_id_ideas_id_fk" FOREIGN KEY ("idea_id") REFERENCES "public"."ideas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flags" ADD CONSTRAINT "flags_comment_id_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."comments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flags" ADD CONSTRAINT "flags_flagger_id_users_id_fk" FOREIGN KEY ("flagger_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flags" ADD CONSTRAINT "flags_duplicate_of_id_ideas_id_fk" FOREIGN KEY ("duplicate_of_id") REFERENCES "public"."ideas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flags" ADD CONSTRAINT "flags_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspensions" ADD CONSTRAINT "suspensions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspensions" ADD CONSTRAINT "suspensions_suspended_by_users_id_fk" FOREIGN KEY ("suspended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspensions" ADD CONSTRAINT "suspensions_ended_by_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_brand_idx" ON "audit_log" USING btree ("brand_id","at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_kind","target_id","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_subject_idx" ON "audit_log" USING btree ("subject_user_id","at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "content_reviews_item_key" ON "content_reviews" USING btree ("idea_id",coalesce("comment_id", 0));--> statement-breakpoint
CREATE INDEX "flag_bans_user_idx" ON "flag_bans" USING btree ("user_id","ends_at");--> statement-breakpoint
CREATE UNIQUE INDEX "flags_one_per_person_key" ON "flags" USING btree ("flagger_id","idea_id",coalesce("comment_id", 0));--> statement-breakpoint
CREATE INDEX "flags_open_item_idx" ON "flags" USING btree ("idea_id","comment_id") WHERE "flags"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "flags_flagger_idx" ON "flags" USING btree ("flagger_id","resolved_at");--> statement-breakpoint
CREATE INDEX "suspensions_user_idx" ON "suspensions" USING btree ("user_id","starts_at");--> statement-breakpoint
CREATE INDEX "suspensions_running_idx" ON "suspensions" USING btree ("ends_at") WHERE "suspensions"."ended_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "suspensions_one_running_key" ON "suspensions" USING btree ("user_id") WHERE "suspensions"."ended_at" is null;--> statement-breakpoint
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_merged_into_id_ideas_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."ideas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ideas_merged_into_idx" ON "ideas" USING btree ("merged_into_id") WHERE "ideas"."merged_into_id" is not null;--> statement-breakpoint
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_merged_names_original" CHECK (("ideas"."status" = 'merged') = ("ideas"."merged_into_id" is not null));--> statement-breakpoint
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_hidden_whole" CHECK (("ideas"."status" = 'hidden') = ("ideas"."hidden_at" is not null) and ("ideas"."hidden_at" is null) = ("ideas"."hidden_from" is null));--> statement-breakpoint
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_not_merged_into_itself" CHECK ("ideas"."merged_into_id" is null or "ideas"."merged_into_id" <> "ideas"."id");--> statement-breakpoint
-- The audit log is append-only, like the event log: what was done is never rewritten.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
