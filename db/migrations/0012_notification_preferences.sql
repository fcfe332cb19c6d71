CREATE TYPE "public"."digest_frequency" AS ENUM('daily', 'weekly');--> statement-breakpoint
CREATE TYPE "public"."notification_channel" AS ENUM('in_app', 'digest', 'off');--> statement-breakpoint
CREATE TYPE "public"."notification_topic" AS ENUM('votes', 'comments', 'replies', 'mentions', 'builds', 'follows', 'stages', 'rewards');--> statement-breakpoint
CREATE TABLE "digest_sends" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "digest_sends_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" text NOT NULL,
	"frequency" "digest_frequency" NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"items" integer NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "digest_sends_period_order" CHECK ("digest_sends"."period_start" < "digest_sends"."period_end"),
	CONSTRAINT "digest_sends_items_count" CHECK ("digest_sends"."items" >= 0)
);
--> statement-breakpoint
CREATE TABLE "mail_settings" (
	"user_id" text PRIMARY KEY NOT NULL,
	"digest_frequency" "digest_frequency" DEFAULT 'daily' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" text NOT NULL,
	"topic" "notification_topic" NOT NULL,
	"channel" "notification_channel" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_user_id_topic_pk" PRIMARY KEY("user_id","topic")
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "digest" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "digest_send_id" bigint;--> statement-breakpoint
ALTER TABLE "digest_sends" ADD CONSTRAINT "digest_sends_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_settings" ADD CONSTRAINT "mail_settings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "digest_sends_user_period_key" ON "digest_sends" USING btree ("user_id","period_start","frequency");--> statement-breakpoint
CREATE INDEX "digest_sends_user_idx" ON "digest_sends" USING btree ("user_id","period_end");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_digest_send_id_digest_sends_id_fk" FOREIGN KEY ("digest_send_id") REFERENCES "public"."digest_sends"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_digest_pending_idx" ON "notifications" USING btree ("user_id","created_at") WHERE "notifications"."digest" and "notifications"."digest_send_id" is null;--> statement-breakpoint
CREATE INDEX "notifications_digest_send_idx" ON "notifications" USING btree ("digest_send_id") WHERE "notifications"."digest_send_id" is not null;