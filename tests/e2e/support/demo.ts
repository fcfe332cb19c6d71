// Demo accounts created by the server's auto-seed (COCREA_SEED=auto) in the fresh e2e database.
// Mirrors DEMO_PASSWORD and the demo logins in seed/seed.server.ts; COCREA_DEMO_PASSWORD overrides the
// password here (for the tests only) should the seed ever change it.
export const DEMO_PASSWORD = process.env.COCREA_DEMO_PASSWORD ?? 'cocrea-demo-2026';

export const DEMO_USERS = {
  prosumer: 'demo_prosumer',
  owner: 'demo_owner',
  moderator: 'demo_moderator',
  admin: 'demo_admin',
} as const;

export type DemoRole = keyof typeof DEMO_USERS;
