-- Every committed event wakes the live layer of every server process (LISTEN cocrea_events).
-- The payload is only the id; listeners read the log itself, so nothing depends on NOTIFY delivery.
CREATE OR REPLACE FUNCTION events_notify() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('cocrea_events', NEW.id::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER events_notify_insert
  AFTER INSERT ON events
  FOR EACH ROW EXECUTE FUNCTION events_notify();
