// Every form action of the site, called directly as Remix would call it (real Request, real
// AppLoadContext, real database): bad input is refused with a 4xx and a message and writes nothing;
// good input redirects and appends one event. The route groups live in *.cases.ts and share one
// database (see database.ts); run one group with `-t`, e.g. `npx vitest run tests/integration/http -t signup`.
import './database';
import './auth.cases';
import './brands.cases';
import './challenges.cases';
import './ideas.cases';
import './votes.cases';
import './comments.cases';
