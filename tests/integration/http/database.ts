// The one test database of this folder's suite. Importing it (from forms.test.ts, through the
// *.cases.ts files) registers beforeAll/afterAll on the test file: one migrated database for all
// route groups, since starting PGlite and migrating costs seconds per file.
import { useTestDatabase } from '../../support/db';

export const db = useTestDatabase();
