// The whole relational schema, one file per concept. drizzle-kit reads this index and turns changes
// into SQL migrations in db/migrations; everything else imports from here, not from the parts.
export * from './users';
export * from './brands';
export * from './challenges';
export * from './ideas';
export * from './votes';
export * from './comments';
export * from './events';
export * from './notifications';
export * from './jobs';
export * from './reputation';
export * from './judging';
export * from './badges';
export * from './consent';
export * from './crm';
export * from './mail';
export * from './moderation';
export * from './insights';
export * from './intents';
