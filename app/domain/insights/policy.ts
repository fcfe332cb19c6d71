// Who may see a brand's dashboard (issue 16): the brand's own team, its owner and managers — the
// rule of its community (decision 017), not site moderators or admins, whose powers are over
// content. The dashboard shows people only as consent allows, but its figures are the brand's
// business data. Shared by the reads and the pages' links.
export { canSeeCommunity as canSeeInsights } from '#app/domain/community/policy';
