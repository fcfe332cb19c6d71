-- Pending lists of the GIN indexes searches read, bounded at 256 kB instead of 4 MB (the reason is
-- at GIN_PENDING in db/schema/columns.ts). A storage setting: the indexes stay as they are, and the
-- next insert past the new limit merges what is pending.
ALTER INDEX "challenges_search_idx" SET (gin_pending_list_limit = 256);--> statement-breakpoint
ALTER INDEX "challenges_title_trgm_idx" SET (gin_pending_list_limit = 256);--> statement-breakpoint
ALTER INDEX "ideas_tags_idx" SET (gin_pending_list_limit = 256);--> statement-breakpoint
ALTER INDEX "ideas_search_idx" SET (gin_pending_list_limit = 256);--> statement-breakpoint
ALTER INDEX "ideas_title_trgm_idx" SET (gin_pending_list_limit = 256);--> statement-breakpoint
ALTER INDEX "comments_search_idx" SET (gin_pending_list_limit = 256);
