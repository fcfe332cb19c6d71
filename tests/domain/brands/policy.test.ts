import { describe, expect, it } from 'vitest';
import { canAddManagers, canManageBrand } from '#app/domain/brands/policy';

const prosumer = { id: 'u-prosumer', role: 'prosumer' as const };
const moderator = { id: 'u-moderator', role: 'moderator' as const };
const admin = { id: 'u-admin', role: 'admin' as const };

describe('brand policy', () => {
  it('lets any member, site moderators and admins manage the brand’s challenges', () => {
    expect(canManageBrand({ actor: prosumer, memberRole: 'owner' })).toBe(true);
    expect(canManageBrand({ actor: prosumer, memberRole: 'manager' })).toBe(true);
    expect(canManageBrand({ actor: moderator, memberRole: null })).toBe(true);
    expect(canManageBrand({ actor: admin, memberRole: null })).toBe(true);
  });

  it('refuses visitors and people outside the brand', () => {
    expect(canManageBrand({ actor: null, memberRole: null })).toBe(false);
    expect(canManageBrand({ actor: prosumer, memberRole: null })).toBe(false);
  });

  it('leaves managers to the owner and site admins, not to managers or moderators', () => {
    expect(canAddManagers({ actor: prosumer, memberRole: 'owner' })).toBe(true);
    expect(canAddManagers({ actor: admin, memberRole: null })).toBe(true);
    expect(canAddManagers({ actor: prosumer, memberRole: 'manager' })).toBe(false);
    expect(canAddManagers({ actor: moderator, memberRole: null })).toBe(false);
    expect(canAddManagers({ actor: null, memberRole: 'owner' })).toBe(false);
  });
});
