// A brand member's role as words: the message key of each role, for `t(BRAND_ROLE_KEYS[role])`.
export const BRAND_ROLE_KEYS = {
  owner: 'brands.role.owner',
  manager: 'brands.role.manager',
} as const;
