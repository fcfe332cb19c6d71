-- The event log is append-only: history is never rewritten.
CREATE OR REPLACE FUNCTION events_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'events is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER events_append_only
  BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER events_no_truncate
  BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();
--> statement-breakpoint
-- One level of replies: a reply's parent must be a top-level comment on the same idea.
CREATE OR REPLACE FUNCTION comments_check_parent() RETURNS trigger AS $$
DECLARE
  parent_row comments%ROWTYPE;
BEGIN
  IF NEW.parent_id IS NULL THEN
    RETURN NEW;
  END IF;
  SELECT * INTO parent_row FROM comments WHERE id = NEW.parent_id;
  IF parent_row.parent_id IS NOT NULL THEN
    RAISE EXCEPTION 'replies are one level deep';
  END IF;
  IF parent_row.idea_id <> NEW.idea_id THEN
    RAISE EXCEPTION 'a reply belongs to the same idea as its parent';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER comments_parent_check
  BEFORE INSERT OR UPDATE OF parent_id ON comments
  FOR EACH ROW EXECUTE FUNCTION comments_check_parent();
