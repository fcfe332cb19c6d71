// How a person is named on pages others see. A deleted account (docs/decisions/018) is named by
// nothing: its handle (`deleted_…`) and its erased name never leave the database, and pages show
// "a deleted account" without a link where these are null.
import { sql } from 'drizzle-orm';
import { users } from '../../../db/schema';

/** The author's (or actor's) handle for a page; null once their account is deleted. */
export const shownHandle = sql<
  string | null
>`case when ${users.deletedAt} is null then ${users.handle} end`;

/** Their display name for a page; null once their account is deleted. */
export const shownName = sql<
  string | null
>`case when ${users.deletedAt} is null then ${users.displayName} end`;
