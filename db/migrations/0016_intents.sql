CREATE TYPE "public"."intent_accepts" AS ENUM('one', 'several');--> statement-breakpoint
CREATE TYPE "public"."intent_audience" AS ENUM('any', 'picked', 'participated');--> statement-breakpoint
CREATE TYPE "public"."intent_status" AS ENUM('draft', 'published', 'closed', 'expired');--> statement-breakpoint
CREATE TYPE "public"."offer_status" AS ENUM('open', 'accepted', 'declined', 'withdrawn', 'lapsed');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'offer';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'offer_answer';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'intent_message';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'intent_expired';--> statement-breakpoint
ALTER TYPE "public"."notification_topic" ADD VALUE 'intents';--> statement-breakpoint
CREATE TABLE "intent_brands" (
	"intent_id" integer NOT NULL,
	"brand_id" integer NOT NULL,
	CONSTRAINT "intent_brands_intent_id_brand_id_pk" PRIMARY KEY("intent_id","brand_id")
);
--> statement-breakpoint
CREATE TABLE "intent_messages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "intent_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"intent_id" integer NOT NULL,
	"brand_id" integer NOT NULL,
	"sender_id" text,
	"from_brand" boolean NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "intent_messages_body_length" CHECK (char_length("intent_messages"."body") between 1 and 2000)
);
--> statement-breakpoint
CREATE TABLE "intent_offers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "intent_offers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"intent_id" integer NOT NULL,
	"brand_id" integer NOT NULL,
	"author_id" text,
	"status" "offer_status" DEFAULT 'open' NOT NULL,
	"body" text NOT NULL,
	"body_html" text NOT NULL,
	"conditions" text DEFAULT '' NOT NULL,
	"price" integer,
	"currency" text,
	"benefit" text,
	"valid_until" date NOT NULL,
	"decline_reason" text,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "intent_offers_body_length" CHECK (char_length("intent_offers"."body") between 1 and 5000),
	CONSTRAINT "intent_offers_conditions_length" CHECK (char_length("intent_offers"."conditions") <= 2000),
	CONSTRAINT "intent_offers_benefit_length" CHECK ("intent_offers"."benefit" is null or char_length("intent_offers"."benefit") <= 200),
	CONSTRAINT "intent_offers_price" CHECK (("intent_offers"."price" is null or "intent_offers"."price" >= 0) and (("intent_offers"."price" is null) = ("intent_offers"."currency" is null))),
	CONSTRAINT "intent_offers_currency" CHECK ("intent_offers"."currency" is null or "intent_offers"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "intent_offers_reason_length" CHECK ("intent_offers"."decline_reason" is null or char_length("intent_offers"."decline_reason") <= 500)
);
--> statement-breakpoint
CREATE TABLE "intents" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "intents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"author_id" text NOT NULL,
	"status" "intent_status" DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"body_html" text NOT NULL,
	"body_excerpt" text DEFAULT '' NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"place" text,
	"starts_on" date,
	"ends_on" date,
	"budget_min" integer,
	"budget_max" integer,
	"currency" text,
	"audience" "intent_audience" DEFAULT 'any' NOT NULL,
	"accepts" "intent_accepts" DEFAULT 'one' NOT NULL,
	"contact_email" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "intents_title_length" CHECK (char_length("intents"."title") between 3 and 140),
	CONSTRAINT "intents_body_length" CHECK (char_length("intents"."body") <= 5000),
	CONSTRAINT "intents_place_length" CHECK ("intents"."place" is null or char_length("intents"."place") <= 120),
	CONSTRAINT "intents_window" CHECK ("intents"."starts_on" is null or "intents"."ends_on" is null or "intents"."starts_on" <= "intents"."ends_on"),
	CONSTRAINT "intents_budget" CHECK (("intents"."budget_min" is null or "intents"."budget_min" >= 0) and ("intents"."budget_max" is null or "intents"."budget_max" >= 0)
        and ("intents"."budget_min" is null or "intents"."budget_max" is null or "intents"."budget_min" <= "intents"."budget_max")
        and (("intents"."budget_min" is null and "intents"."budget_max" is null) = ("intents"."currency" is null))),
	CONSTRAINT "intents_currency" CHECK ("intents"."currency" is null or "intents"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "intents_published_at" CHECK ("intents"."status" = 'draft' or "intents"."published_at" is not null)
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "intent_id" integer;--> statement-breakpoint
ALTER TABLE "intent_brands" ADD CONSTRAINT "intent_brands_intent_id_intents_id_fk" FOREIGN KEY ("intent_id") REFERENCES "public"."intents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intent_brands" ADD CONSTRAINT "intent_brands_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intent_messages" ADD CONSTRAINT "intent_messages_intent_id_intents_id_fk" FOREIGN KEY ("intent_id") REFERENCES "public"."intents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intent_messages" ADD CONSTRAINT "intent_messages_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intent_messages" ADD CONSTRAINT "intent_messages_sender_id_users_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intent_offers" ADD CONSTRAINT "intent_offers_intent_id_intents_id_fk" FOREIGN KEY ("intent_id") REFERENCES "public"."intents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intent_offers" ADD CONSTRAINT "intent_offers_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intent_offers" ADD CONSTRAINT "intent_offers_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intents" ADD CONSTRAINT "intents_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "intent_brands_brand_idx" ON "intent_brands" USING btree ("brand_id","intent_id");--> statement-breakpoint
CREATE INDEX "intent_messages_thread_idx" ON "intent_messages" USING btree ("intent_id","brand_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "intent_offers_one_open_key" ON "intent_offers" USING btree ("intent_id","brand_id") WHERE "intent_offers"."status" = 'open';--> statement-breakpoint
CREATE INDEX "intent_offers_intent_idx" ON "intent_offers" USING btree ("intent_id","id");--> statement-breakpoint
CREATE INDEX "intent_offers_brand_idx" ON "intent_offers" USING btree ("brand_id","id");--> statement-breakpoint
CREATE INDEX "intents_author_idx" ON "intents" USING btree ("author_id","id");--> statement-breakpoint
CREATE INDEX "intents_published_idx" ON "intents" USING btree ("published_at","id") WHERE "intents"."status" = 'published';--> statement-breakpoint
CREATE INDEX "intents_expiry_idx" ON "intents" USING btree ("expires_at") WHERE "intents"."status" = 'published';--> statement-breakpoint
CREATE INDEX "intents_tags_idx" ON "intents" USING gin ("tags");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_intent_id_intents_id_fk" FOREIGN KEY ("intent_id") REFERENCES "public"."intents"("id") ON DELETE no action ON UPDATE no action;