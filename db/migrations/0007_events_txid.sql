ALTER TABLE "consumer_cursors" ADD COLUMN "last_txid" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "txid" bigint DEFAULT (pg_current_xact_id()::text::bigint) NOT NULL;--> statement-breakpoint
CREATE INDEX "events_position_idx" ON "events" USING btree ("txid","id");--> statement-breakpoint
-- Events written before this migration all take this transaction's id, so a consumer that had
-- reached event N is at position (this txid, N).
UPDATE "consumer_cursors" SET "last_txid" = pg_current_xact_id()::text::bigint WHERE "last_event_id" > 0;--> statement-breakpoint
-- Writers no longer NOTIFY per event inside their transaction (that took PostgreSQL's global notify
-- lock at every commit); each process sends one coalesced NOTIFY after its commits (decision 013).
DROP TRIGGER IF EXISTS events_notify_insert ON events;--> statement-breakpoint
DROP FUNCTION IF EXISTS events_notify();
