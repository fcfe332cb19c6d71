ALTER TYPE "public"."notification_kind" ADD VALUE 'oppose' BEFORE 'comment';--> statement-breakpoint
ALTER TABLE "brands" ADD COLUMN "description_html" text;--> statement-breakpoint
ALTER TABLE "brands" ADD COLUMN "description_excerpt" text;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "brief_html" text;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "brief_excerpt" text;--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "body_html" text;--> statement-breakpoint
ALTER TABLE "ideas" ADD COLUMN "body_excerpt" text;