CREATE TYPE "public"."consent_level" AS ENUM('none', 'activity', 'profile');--> statement-breakpoint
CREATE TABLE "brand_consents" (
	"user_id" text NOT NULL,
	"brand_id" integer NOT NULL,
	"level" "consent_level" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brand_consents_user_id_brand_id_pk" PRIMARY KEY("user_id","brand_id")
);
--> statement-breakpoint
ALTER TABLE "brand_consents" ADD CONSTRAINT "brand_consents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brand_consents" ADD CONSTRAINT "brand_consents_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "brand_consents_brand_level_idx" ON "brand_consents" USING btree ("brand_id","level");